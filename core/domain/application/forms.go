package application

import (
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Length limits of the free-text fields.
const (
	MaxOrgNameLen    = 100
	MaxPersonNameLen = 30
	MaxAddressLen    = 200
	MaxTitleLen      = 50
	MaxDeptLen       = 50
	MaxEmployerLen   = 100
	MaxProfileLen    = 2000
	MaxPhoneLen      = 30
	MaxEmailLen      = 254
)

// EnterpriseForm is the 单位会员入会申请表 of spec §3.1. The JSON names are the
// input names of the web form and the API, and the field names of validation
// errors. Codes (industry, province …) come from the vocabularies of this package.
type EnterpriseForm struct {
	Name          string `json:"name"`            // 单位名称, pre-filled from the account
	USCC          string `json:"uscc"`            // 统一社会信用代码
	Ownership     string `json:"ownership"`       // 单位性质 (OwnershipTypes code)
	Industry      string `json:"industry"`        // 所属行业 (GB/T 4754 section A–T)
	Province      string `json:"province"`        // 所在省份 (GB/T 2260 two-digit code)
	Address       string `json:"address"`         // 通讯地址
	PostalCode    string `json:"postal_code"`     // 邮政编码
	Employees     string `json:"employees"`       // 员工人数 (EmployeeRanges code)
	LegalRepName  string `json:"legal_rep_name"`  // 法定代表人 姓名
	LegalRepTitle string `json:"legal_rep_title"` // 法定代表人 职务
	ContactName   string `json:"contact_name"`    // 第一联系人 姓名
	ContactDept   string `json:"contact_dept"`    // 第一联系人 部门
	ContactTitle  string `json:"contact_title"`   // 第一联系人 职务
	ContactPhone  string `json:"contact_phone"`   // 第一联系人 电话
	ContactMobile string `json:"contact_mobile"`  // 第一联系人 手机
	ContactEmail  string `json:"contact_email"`   // 第一联系人 邮箱
	Profile       string `json:"profile"`         // 单位简介
	FilledBy      string `json:"filled_by"`       // 填表人
	FilledOn      string `json:"filled_on"`       // 填表日期, YYYY-MM-DD
}

func (f *EnterpriseForm) fields() []field {
	return []field{
		{name: "name", label: "单位名称", max: MaxOrgNameLen, value: &f.Name, check: checkOrgName},
		{name: "uscc", label: "统一社会信用代码", max: 18, value: &f.USCC, norm: strings.ToUpper, check: checkUSCC},
		{name: "ownership", label: "单位性质", max: 30, value: &f.Ownership, choice: ownershipTypes},
		{name: "industry", label: "所属行业", max: 2, value: &f.Industry, norm: strings.ToUpper, choice: industries},
		{name: "province", label: "所在省份", max: 2, value: &f.Province, choice: provinces},
		{name: "address", label: "通讯地址", max: MaxAddressLen, value: &f.Address, check: checkNoAngle},
		{name: "postal_code", label: "邮政编码", max: 6, value: &f.PostalCode, check: checkPostalCode},
		{name: "employees", label: "员工人数", max: 20, value: &f.Employees, choice: employeeRanges},
		{name: "legal_rep_name", label: "法定代表人姓名", max: MaxPersonNameLen, value: &f.LegalRepName, check: checkPersonName},
		{name: "legal_rep_title", label: "法定代表人职务", max: MaxTitleLen, value: &f.LegalRepTitle, check: checkNoAngle},
		{name: "contact_name", label: "联系人姓名", max: MaxPersonNameLen, value: &f.ContactName, check: checkPersonName},
		{name: "contact_dept", label: "联系人部门", max: MaxDeptLen, value: &f.ContactDept, check: checkNoAngle},
		{name: "contact_title", label: "联系人职务", max: MaxTitleLen, value: &f.ContactTitle, check: checkNoAngle},
		{name: "contact_phone", label: "联系人电话", max: MaxPhoneLen, value: &f.ContactPhone, norm: stripPhone, check: checkPhone},
		{name: "contact_mobile", label: "联系人手机", max: MaxPhoneLen, value: &f.ContactMobile, norm: stripPhone, check: checkMobile},
		{name: "contact_email", label: "联系人邮箱", max: MaxEmailLen, value: &f.ContactEmail, norm: strings.ToLower, check: checkEmail},
		{name: "profile", label: "单位简介", max: MaxProfileLen, value: &f.Profile, multiline: true, check: checkNoAngle},
		{name: "filled_by", label: "填表人", max: MaxPersonNameLen, value: &f.FilledBy, check: checkPersonName},
		{name: "filled_on", label: "填表日期", max: 10, value: &f.FilledOn, norm: canonicalDay, check: checkFilledOn},
	}
}

// Normalize trims every field and brings codes and numbers to their canonical
// form (upper-case USCC, bare phone numbers, lower-case email, YYYY-MM-DD date).
func (f *EnterpriseForm) Normalize() { normalizeAll(f.fields()) }

// Check validates a normalized form. A draft (complete false) may leave fields
// empty but what is filled must be well-formed; a form to submit must be complete.
// The error is an apperr Invalid with one entry per faulty field.
func (f EnterpriseForm) Check(complete bool, today time.Time) error {
	var v apperr.Validation
	f.Validate(&v, complete, today)
	return v.Err()
}

// Validate adds the problems of the form to v (see Check).
func (f EnterpriseForm) Validate(v *apperr.Validation, complete bool, today time.Time) {
	validateAll(v, f.fields(), complete, today)
}

// Complete reports whether the form may be submitted.
func (f EnterpriseForm) Complete(today time.Time) bool { return f.Check(true, today) == nil }

// Empty reports whether nothing was filled in.
func (f EnterpriseForm) Empty() bool { return f == EnterpriseForm{} }

// Fields returns the fields in form order with their labels and shown values.
func (f EnterpriseForm) Fields() []Field { return displayAll(f.fields()) }

// IndividualForm is the 个人会员入会申请表 of spec §3.3.
type IndividualForm struct {
	Name       string `json:"name"`        // 姓名, pre-filled from the account
	Gender     string `json:"gender"`      // 性别 (Genders code)
	BirthMonth string `json:"birth_month"` // 出生年月, YYYY-MM
	IDNumber   string `json:"id_number"`   // 证件号码 (18-digit 身份证号)
	Employer   string `json:"employer"`    // 工作单位
	Title      string `json:"title"`       // 职务/职称
	Education  string `json:"education"`   // 学历 (Educations code)
	Province   string `json:"province"`    // 所在省份
	Address    string `json:"address"`     // 通讯地址
	Mobile     string `json:"mobile"`      // 手机
	Email      string `json:"email"`       // 邮箱
}

func (f *IndividualForm) fields() []field {
	return []field{
		{name: "name", label: "姓名", max: MaxPersonNameLen, value: &f.Name, check: checkPersonName},
		{name: "gender", label: "性别", max: 10, value: &f.Gender, choice: genders},
		{name: "birth_month", label: "出生年月", max: 10, value: &f.BirthMonth, norm: canonicalMonth, check: checkBirthMonth},
		{name: "id_number", label: "证件号码", max: 18, value: &f.IDNumber, norm: strings.ToUpper, check: checkIDNumber},
		{name: "employer", label: "工作单位", max: MaxEmployerLen, value: &f.Employer, check: checkNoAngle},
		{name: "title", label: "职务/职称", max: MaxTitleLen, value: &f.Title, check: checkNoAngle},
		{name: "education", label: "学历", max: 20, value: &f.Education, choice: educations},
		{name: "province", label: "所在省份", max: 2, value: &f.Province, choice: provinces},
		{name: "address", label: "通讯地址", max: MaxAddressLen, value: &f.Address, check: checkNoAngle},
		{name: "mobile", label: "手机", max: MaxPhoneLen, value: &f.Mobile, norm: stripPhone, check: checkMobile},
		{name: "email", label: "邮箱", max: MaxEmailLen, value: &f.Email, norm: strings.ToLower, check: checkEmail},
	}
}

// Normalize trims every field and brings codes to their canonical form.
func (f *IndividualForm) Normalize() { normalizeAll(f.fields()) }

// Check validates a normalized form (see EnterpriseForm.Check). When both the
// birth month and the ID number are valid they must agree.
func (f IndividualForm) Check(complete bool, today time.Time) error {
	var v apperr.Validation
	f.Validate(&v, complete, today)
	return v.Err()
}

// Validate adds the problems of the form to v (see Check).
func (f IndividualForm) Validate(v *apperr.Validation, complete bool, today time.Time) {
	validateAll(v, f.fields(), complete, today)
	if f.BirthMonth != "" && f.IDNumber != "" && !v.Has("birth_month") && !v.Has("id_number") {
		if f.IDNumber[6:10]+"-"+f.IDNumber[10:12] != f.BirthMonth {
			v.Add("birth_month", "birth_month_mismatch", "出生年月与证件号码不一致")
		}
	}
}

// Complete reports whether the form may be submitted.
func (f IndividualForm) Complete(today time.Time) bool { return f.Check(true, today) == nil }

// Empty reports whether nothing was filled in.
func (f IndividualForm) Empty() bool { return f == IndividualForm{} }

// Fields returns the fields in form order with their labels and shown values.
func (f IndividualForm) Fields() []Field { return displayAll(f.fields()) }

// Checks of single fields.

func checkOrgName(v *apperr.Validation, f field, t time.Time) {
	if len([]rune(*f.value)) < 2 {
		v.Add(f.name, "too_short", fmt.Sprintf("%s至少2个字符", f.label))
		return
	}
	checkNoAngle(v, f, t)
}

func checkUSCC(v *apperr.Validation, f field, _ time.Time) {
	switch CheckUSCC(*f.value) {
	case USCCLength:
		v.Add(f.name, "uscc_length", "统一社会信用代码应为18位")
	case USCCCharacters:
		v.Add(f.name, "uscc_invalid_char", "统一社会信用代码只能由数字和大写字母组成（不含 I、O、Z、S、V）")
	case USCCCheck:
		v.Add(f.name, "uscc_checksum", "统一社会信用代码校验位错误，请核对")
	}
}

func checkIDNumber(v *apperr.Validation, f field, today time.Time) {
	switch CheckIDNumber(*f.value, today) {
	case IDFormat:
		v.Add(f.name, "id_number_format", "证件号码应为18位身份证号（最后一位可为X）")
	case IDBadBirthDate:
		v.Add(f.name, "id_number_birth_date", "证件号码中的出生日期无效")
	case IDCheck:
		v.Add(f.name, "id_number_checksum", "证件号码校验位错误，请核对")
	}
}

func checkPostalCode(v *apperr.Validation, f field, _ time.Time) {
	if !ValidPostalCode(*f.value) {
		v.Add(f.name, "postal_code_invalid", "邮政编码应为6位数字")
	}
}

func checkFilledOn(v *apperr.Validation, f field, today time.Time) {
	d, ok := parseDay(*f.value)
	switch {
	case !ok:
		v.Add(f.name, "date_invalid", "请输入有效的日期，如 2024-03-01")
	case d.Year() < 2000 || d.After(dayOf(today).AddDate(0, 0, 1)):
		v.Add(f.name, "date_out_of_range", "填表日期不能晚于今天")
	}
}

func checkBirthMonth(v *apperr.Validation, f field, today time.Time) {
	d, ok := parseMonth(*f.value)
	switch {
	case !ok:
		v.Add(f.name, "date_invalid", "请输入有效的出生年月，如 1990-05")
	case d.Year() < 1900 || d.After(dayOf(today)):
		v.Add(f.name, "date_out_of_range", "出生年月不在有效范围内")
	}
}

func canonicalDay(s string) string {
	if d, ok := parseDay(s); ok {
		return d.Format(time.DateOnly)
	}
	return s
}

func canonicalMonth(s string) string {
	if d, ok := parseMonth(s); ok {
		return d.Format("2006-01")
	}
	return s
}
