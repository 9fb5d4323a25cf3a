// Package legacyimport is 导入老会员: bringing an association's existing members in
// from a spreadsheet. It knows the columns of the template, maps a file's
// header row onto them, turns each data row into a member entry checked by
// the same rules as the online forms, and finds the rows that clash with each
// other. Reading the file (XLSX, CSV) is a port; storing the batch another.
package legacyimport

import (
	"strings"
)

// Field is one column of the import template.
type Field string

// The template's columns, in template order.
const (
	FieldKind          Field = "kind"
	FieldName          Field = "name"
	FieldNumber        Field = "number"
	FieldLevel         Field = "level"
	FieldStatus        Field = "status"
	FieldValidFrom     Field = "valid_from"
	FieldValidUntil    Field = "valid_until"
	FieldDocNo         Field = "doc_no"
	FieldRegNo         Field = "reg_no"
	FieldIndustry      Field = "industry"
	FieldProvince      Field = "province"
	FieldAddress       Field = "address"
	FieldPostalCode    Field = "postal_code"
	FieldContactName   Field = "contact_name"
	FieldContactTitle  Field = "contact_title"
	FieldContactPhone  Field = "contact_phone"
	FieldContactMobile Field = "contact_mobile"
	FieldContactEmail  Field = "contact_email"
	FieldOtherContacts Field = "other_contacts"
	FieldJoinedOn      Field = "joined_on"
	FieldEmail         Field = "email"
)

// Column is a template column: its field, its Chinese header and the other
// headers a legacy file may use for it.
type Column struct {
	Field    Field
	Header   string
	Aliases  []string
	Required bool
	Example  string
}

// Columns returns the template's columns in order, with an example row.
func Columns() []Column {
	return []Column{
		{FieldKind, "会员类型", []string{"类型", "会员类别"}, true, "单位会员"},
		{FieldName, "会员名称", []string{"单位名称", "企业名称", "姓名", "名称"}, true, "某某质量科技有限公司"},
		{FieldNumber, "会员编号", []string{"会员号", "编号"}, false, "19000001"},
		{FieldLevel, "会员级别", []string{"级别"}, false, "普通会员"},
		{FieldStatus, "会员状态", []string{"状态"}, false, "正常"},
		{FieldValidFrom, "有效期起", []string{"有效期开始", "起始日期"}, false, "2026-01-01"},
		{FieldValidUntil, "有效期止", []string{"有效期至", "有效期截止", "截止日期"}, false, "2026-12-31"},
		{FieldDocNo, "文号", []string{"批准文号"}, false, "质协〔2026〕1号"},
		{FieldRegNo, "统一社会信用代码/身份证号", []string{"统一社会信用代码", "身份证号", "身份证号码", "证件号码"}, false, "91110108MA01A2B3CF"},
		{FieldIndustry, "所属行业", []string{"行业"}, false, "制造业"},
		{FieldProvince, "所在省份", []string{"省份"}, false, "北京市"},
		{FieldAddress, "通讯地址", []string{"地址"}, false, "北京市海淀区某某路1号"},
		{FieldPostalCode, "邮政编码", []string{"邮编"}, false, "100080"},
		{FieldContactName, "第一联系人姓名", []string{"联系人", "联系人姓名", "第一联系人"}, false, "张三"},
		{FieldContactTitle, "第一联系人职务", []string{"联系人职务", "职务"}, false, "质量部经理"},
		{FieldContactPhone, "第一联系人电话", []string{"联系人电话", "电话"}, false, "010-68412345"},
		{FieldContactMobile, "第一联系人手机", []string{"联系人手机", "手机"}, false, "13800138000"},
		{FieldContactEmail, "第一联系人邮箱", []string{"联系人邮箱"}, false, "zhangsan@example.com"},
		{FieldOtherContacts, "其他联系人", []string{"其它联系人"}, false, "李四 13900139000"},
		{FieldJoinedOn, "入会日期", []string{"入会时间"}, false, "2019-05-20"},
		{FieldEmail, "登录邮箱", []string{"邮箱", "电子邮箱", "Email", "E-mail"}, true, "member@example.com"},
	}
}

// HeaderOf returns the template header of a field ("" for an unknown one).
func HeaderOf(f Field) string {
	for _, c := range Columns() {
		if c.Field == f {
			return c.Header
		}
	}
	return ""
}

// ParseField returns the field named by its code or template header.
func ParseField(s string) (Field, bool) {
	s = normHeader(s)
	for _, c := range Columns() {
		if string(c.Field) == s || normHeader(c.Header) == s {
			return c.Field, true
		}
	}
	return "", false
}

// normHeader makes headers comparable: trimmed, without inner spaces, the
// star of a required column and full-width brackets, lower case.
func normHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u3000', '*', '＊', '\ufeff':
			return -1
		case '（':
			return '('
		case '）':
			return ')'
		}
		return r
	}, s)
	return strings.ToLower(s)
}
