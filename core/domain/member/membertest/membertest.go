// Package membertest provides valid application forms and shortcuts that move a
// member aggregate through the application flow, for tests of code that needs a
// submitted or approved member without going through the use cases.
package membertest

import (
	"time"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// Real, valid identifiers for forms: a 统一社会信用代码 with its GB 32100 check
// character and the GB 11643 example 身份证号.
const (
	ValidUSCC     = "91350100M000100Y43"
	ValidIDNumber = "11010519491231002X"
)

// EnterpriseForm returns a complete enterprise form for an organisation name.
func EnterpriseForm(name string) application.EnterpriseForm {
	return application.EnterpriseForm{
		Name: name, USCC: ValidUSCC, Ownership: "private", Industry: "C", Province: "11",
		Address: "北京市西城区月坛北小街2号", PostalCode: "100045", Employees: "100-299",
		LegalRepName: "王建国", LegalRepTitle: "董事长",
		ContactName: "李明", ContactDept: "质量管理部", ContactTitle: "部长",
		ContactPhone: "010-68412345", ContactMobile: "13812345678", ContactEmail: "liming@example.com",
		Profile:  "本单位专业从事精密仪器的研发与生产。\n通过ISO 9001质量管理体系认证。",
		FilledBy: "李明", FilledOn: "2019-08-01",
	}
}

// IndividualForm returns a complete individual form for a person (born December
// 1949, as the ID number says).
func IndividualForm(name, email string) application.IndividualForm {
	return application.IndividualForm{
		Name: name, Gender: "female", BirthMonth: "1949-12", IDNumber: ValidIDNumber,
		Employer: "北京质量研究院", Title: "高级工程师", Education: "master", Province: "11",
		Address: "北京市海淀区中关村大街1号", Mobile: "13912345678", Email: email,
	}
}

// Scan returns the metadata of a stamped scan (no file is stored).
func Scan(m *member.Member) application.Scan {
	return application.Scan{Key: "scans/" + m.ID() + "/test.png", ContentType: application.ContentTypePNG,
		Size: 1024, FileName: "入会申请表.png"}
}

// Submit saves a complete form of the member's kind, attaches a scan record
// (enterprises), ticks the confirmation and submits. Its signature fits lists of
// steps like (*member.Member).Approve wrapped in closures.
func Submit(m *member.Member, now time.Time) error {
	if m.Kind() == member.Individual {
		if err := m.SaveIndividualForm(IndividualForm(m.Name(), m.Email()), true, now); err != nil {
			return err
		}
	} else {
		if err := m.SaveEnterpriseForm(EnterpriseForm(m.Name()), true, now); err != nil {
			return err
		}
		if _, err := m.AttachScan(Scan(m), now); err != nil {
			return err
		}
	}
	return m.Submit(true, now)
}

// Approve submits (see Submit) and approves with a member number.
func Approve(m *member.Member, number string, now time.Time) error {
	if err := Submit(m, now); err != nil {
		return err
	}
	return m.Approve(number, now)
}
