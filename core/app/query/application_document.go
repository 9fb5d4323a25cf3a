package query

import (
	"time"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// docSection lays out part of a form: a title and the fields it shows, each with
// the label printed beside it.
type docSection struct {
	title string
	rows  [][2]string // field name, printed label
}

var enterpriseLayout = []docSection{
	{"企业信息", [][2]string{{"name", "单位名称"}, {"uscc", "统一社会信用代码"}, {"ownership", "单位性质"},
		{"industry", "所属行业"}, {"province", "所在省份"}, {"address", "通讯地址"}, {"postal_code", "邮政编码"},
		{"employees", "员工人数"}}},
	{"法定代表人", [][2]string{{"legal_rep_name", "姓名"}, {"legal_rep_title", "职务"}}},
	{"第一联系人", [][2]string{{"contact_name", "姓名"}, {"contact_dept", "部门"}, {"contact_title", "职务"},
		{"contact_phone", "电话"}, {"contact_mobile", "手机"}, {"contact_email", "邮箱"}}},
	{"单位简介", [][2]string{{"profile", "单位简介"}}},
	{"填表信息", [][2]string{{"filled_by", "填表人"}, {"filled_on", "填表日期"}}},
}

var individualLayout = []docSection{
	{"个人信息", [][2]string{{"name", "姓名"}, {"gender", "性别"}, {"birth_month", "出生年月"},
		{"id_number", "证件号码"}, {"education", "学历"}}},
	{"工作信息", [][2]string{{"employer", "工作单位"}, {"title", "职务/职称"}}},
	{"联系方式", [][2]string{{"province", "所在省份"}, {"address", "通讯地址"}, {"mobile", "手机"}, {"email", "邮箱"}}},
}

// printedValue is a field's value as a printed form shows it: days as
// 「2019年09月21日」 and months as 「1990年05月」, the rest as displayed.
func printedValue(f application.Field) string {
	layout, printed := "2006-01-02", "2006年01月02日"
	switch f.Name {
	case "filled_on":
	case "birth_month":
		layout, printed = "2006-01", "2006年01月"
	default:
		return f.Display
	}
	if t, err := time.Parse(layout, f.Display); err == nil {
		return t.Format(printed)
	}
	return f.Display
}

// FormDocumentOf maps a member's application form to the printable document
// titled 「<assoc>单位会员入会申请表」 or 「<assoc>个人会员入会申请表」 with Chinese
// labels, as the PDF and the back office show it.
func FormDocumentOf(m *member.Member, assoc string) ports.FormDocument {
	a := m.Application()
	var (
		fields []application.Field
		layout []docSection
		doc    ports.FormDocument
	)
	if m.Kind() == member.Individual {
		fields, layout = a.Individual.Fields(), individualLayout
		doc = ports.FormDocument{Title: assoc + "个人会员入会申请表", Subtitle: a.Individual.Name,
			Signatures: []string{"申请人签字：", "日期：　　　　年　　月　　日"}}
	} else {
		fields, layout = a.Enterprise.Fields(), enterpriseLayout
		doc = ports.FormDocument{Title: assoc + "单位会员入会申请表", Subtitle: a.Enterprise.Name,
			Signatures: []string{"单位盖章：", "法定代表人签字：", "日期：　　　　年　　月　　日"}}
	}
	byName := make(map[string]application.Field, len(fields))
	for _, f := range fields {
		byName[f.Name] = f
	}
	for _, s := range layout {
		sec := ports.FormSection{Title: s.title}
		for _, r := range s.rows {
			f := byName[r[0]]
			label := r[1]
			if label == s.title { // 单位简介 under 单位简介: the section header names it once
				label = ""
			}
			sec.Rows = append(sec.Rows, ports.FormRow{Label: label, Value: printedValue(f), Wide: f.Wide})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	if m.Number() != "" {
		doc.Footer = assoc + " · 会员号 " + m.Number()
	} else {
		doc.Footer = assoc + " · 请打印后签字盖章，扫描或拍照上传至会员系统"
	}
	return doc
}
