package legacyimport

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
)

// Candidate is a data row turned into a member entry.
type Candidate struct {
	// Line is the row's number in the file (the header is row 1).
	Line  int
	Entry member.Entry
	// Status is the imported status (active, lapsed, suspended, withdrawn or
	// approved with the fee due).
	Status member.Status
	// JoinedOn is when the member joined (zero: the import's day).
	JoinedOn time.Time
	// Password is the derived initial password (the full pinyin): shown in
	// the preview so that staff can check it, never stored.
	Password string
	// OtherContacts is the free text of the further contacts.
	OtherContacts string
	// Others are the further contacts read from OtherContacts (enterprise).
	Others []contact.Fields
}

// Pinyin derives the initial password of a name (the full pinyin); ok is
// false when none can be derived. The core does not transliterate: the
// wiring gives it internal/pinyinkey.FullPinyin.
type Pinyin func(name string) (password string, ok bool)

// Rules are what a row is checked against besides the forms' own rules.
type Rules struct {
	Levels member.LevelList
	Pinyin Pinyin
	Today  time.Time
}

// Parse turns a data row into a candidate, checked with the rules of the
// online forms (新建会员 and the application forms: USCC check character,
// ID number, phone, email, postcode, province, industry …); every problem is
// returned on the row's column. A candidate is returned only without
// problems.
func Parse(line int, c Cells, r Rules) (Candidate, []Problem) {
	var v apperr.Validation
	cand := Candidate{Line: line, OtherContacts: c.Get(FieldOtherContacts)}
	kind, ok := parseKind(c.Get(FieldKind))
	if !ok {
		v.Add("kind", "kind_invalid", "会员类型应为「单位会员」或「个人会员」")
	}
	e := member.Entry{Registration: member.Registration{Kind: kind, Name: member.NormalizeName(c.Get(FieldName)),
		Email: member.NormalizeEmail(c.Get(FieldEmail)), PasswordHash: "-"},
		Level: member.Level(c.Get(FieldLevel)), Number: c.Get(FieldNumber), DocNo: c.Get(FieldDocNo)}
	e.ValidFrom = dateField(&v, "valid_from", c.Get(FieldValidFrom))
	e.ValidUntil = dateField(&v, "valid_until", c.Get(FieldValidUntil))
	cand.JoinedOn = dateField(&v, "joined_on", c.Get(FieldJoinedOn))
	if !cand.JoinedOn.IsZero() && cand.JoinedOn.After(r.Today) {
		v.Add("joined_on", "joined_future", "入会日期不能晚于今天")
	}
	switch kind {
	case member.Enterprise:
		e.Enterprise = &application.EnterpriseForm{USCC: c.Get(FieldRegNo),
			Industry: vocabCode(application.Industries(), c.Get(FieldIndustry)),
			Province: vocabCode(application.Provinces(), c.Get(FieldProvince)), Address: c.Get(FieldAddress),
			PostalCode: c.Get(FieldPostalCode), ContactName: c.Get(FieldContactName),
			ContactTitle: c.Get(FieldContactTitle), ContactPhone: c.Get(FieldContactPhone),
			ContactMobile: c.Get(FieldContactMobile), ContactEmail: c.Get(FieldContactEmail)}
		cand.Others = parseOthers(&v, cand.OtherContacts)
	case member.Individual:
		e.Individual = &application.IndividualForm{IDNumber: c.Get(FieldRegNo),
			Province: vocabCode(application.Provinces(), c.Get(FieldProvince)), Address: c.Get(FieldAddress),
			Mobile: c.Get(FieldContactMobile), Email: member.NormalizeEmail(c.Get(FieldEmail))}
	}
	if err := e.Validate(r.Levels, r.Today); err != nil {
		for _, f := range apperr.As(err).Fields {
			v.Add(f.Field, f.Code, f.Message)
		}
	}
	cand.Status = parseStatus(&v, c.Get(FieldStatus), e)
	if ok {
		cand.Password = derivePassword(&v, kind, e, r.Pinyin)
	}
	e.PasswordHash = ""
	cand.Entry = e
	if err := v.Err(); err != nil {
		return Candidate{}, problemsOf(line, err)
	}
	return cand, nil
}

// derivePassword derives the initial password: the full pinyin of the first
// contact's name (enterprise) or of the member's own name (individual). A
// row without one is refused: the member could not log in.
func derivePassword(v *apperr.Validation, kind member.Kind, e member.Entry, pinyin Pinyin) string {
	field, name := "name", e.Name
	if kind == member.Enterprise {
		field, name = "contact_name", e.Enterprise.ContactName
	}
	if name == "" {
		if kind == member.Enterprise {
			v.Add(field, "contact_required", "请填写第一联系人姓名：初始密码由其姓名的全拼生成")
		}
		return ""
	}
	p, ok := pinyin(name)
	if !ok {
		v.Add(field, "no_pinyin", fmt.Sprintf("无法由「%s」生成初始密码（姓名的全拼），请检查姓名", name))
		return ""
	}
	return p
}

// problemsOf turns a validation error's fields into problems on the line.
func problemsOf(line int, err error) []Problem {
	var out []Problem
	for _, f := range apperr.As(err).Fields {
		out = append(out, Problem{Row: line, Column: columnOf(f.Field), Message: f.Message})
	}
	return out
}

// columnOf names the template column of a validation field.
func columnOf(field string) string {
	switch field {
	case "uscc", "id_number":
		return HeaderOf(FieldRegNo)
	case "mobile":
		return HeaderOf(FieldContactMobile)
	case "password":
		return HeaderOf(FieldContactName)
	}
	if h := HeaderOf(Field(field)); h != "" {
		return h
	}
	return field
}
