package application_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// codes returns field → code of a validation error (nil for no error).
func codes(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind, err)
	out := map[string]string{}
	for _, f := range e.Fields {
		assert.NotEmpty(t, f.Message, f.Field)
		out[f.Field] = f.Code
	}
	return out
}

func TestEnterpriseFormCompleteAndDraft(t *testing.T) {
	t.Parallel()
	f := membertest.EnterpriseForm("测试号科技有限公司")
	f.Normalize()
	assert.NoError(t, f.Check(true, today))
	assert.True(t, f.Complete(today))

	// A draft may be partial; a submission may not.
	draft := application.EnterpriseForm{Name: "测试号", USCC: "91350100M000100Y43"}
	assert.NoError(t, draft.Check(false, today))
	got := codes(t, draft.Check(true, today))
	assert.Len(t, got, 17, "every empty field is reported: %v", got)
	assert.Equal(t, "required", got["industry"])
	assert.Equal(t, "required", got["contact_mobile"])
	assert.NotContains(t, got, "uscc")
	msg := apperr.As(draft.Check(true, today)).Fields
	for _, fe := range msg {
		if fe.Field == "industry" {
			assert.Equal(t, "请选择所属行业", fe.Message)
		}
		if fe.Field == "address" {
			assert.Equal(t, "请填写通讯地址", fe.Message)
		}
	}
}

func TestEnterpriseFormBadFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(f *application.EnterpriseForm)
		field string
		code  string
	}{
		{"wrong USCC check character", func(f *application.EnterpriseForm) { f.USCC = "91350100M000100Y44" }, "uscc", "uscc_checksum"},
		{"short USCC", func(f *application.EnterpriseForm) { f.USCC = "91350100M000" }, "uscc", "uscc_length"},
		{"USCC with O", func(f *application.EnterpriseForm) { f.USCC = "91350100O000100Y43" }, "uscc", "uscc_invalid_char"},
		{"unknown industry", func(f *application.EnterpriseForm) { f.Industry = "Z" }, "industry", "unknown_choice"},
		{"unknown province", func(f *application.EnterpriseForm) { f.Province = "99" }, "province", "unknown_choice"},
		{"unknown ownership", func(f *application.EnterpriseForm) { f.Ownership = "国有" }, "ownership", "unknown_choice"},
		{"unknown employees", func(f *application.EnterpriseForm) { f.Employees = "10000+" }, "employees", "unknown_choice"},
		{"postal code", func(f *application.EnterpriseForm) { f.PostalCode = "10004" }, "postal_code", "postal_code_invalid"},
		{"mobile", func(f *application.EnterpriseForm) { f.ContactMobile = "12345678901" }, "contact_mobile", "mobile_invalid"},
		{"phone", func(f *application.EnterpriseForm) { f.ContactPhone = "12-34" }, "contact_phone", "phone_invalid"},
		{"email", func(f *application.EnterpriseForm) { f.ContactEmail = "liming@" }, "contact_email", "email_invalid"},
		{"long address", func(f *application.EnterpriseForm) { f.Address = strings.Repeat("路", 201) }, "address", "too_long"},
		{"long profile", func(f *application.EnterpriseForm) { f.Profile = strings.Repeat("简", 2001) }, "profile", "too_long"},
		{"long name", func(f *application.EnterpriseForm) { f.Name = strings.Repeat("企", 101) }, "name", "too_long"},
		{"long title", func(f *application.EnterpriseForm) { f.LegalRepTitle = strings.Repeat("长", 51) }, "legal_rep_title", "too_long"},
		{"person name with digits", func(f *application.EnterpriseForm) { f.ContactName = "李明2" }, "contact_name", "name_invalid_char"},
		{"markup in address", func(f *application.EnterpriseForm) { f.Address = "<script>" }, "address", "invalid_char"},
		{"control character", func(f *application.EnterpriseForm) { f.ContactDept = "质量\x00部" }, "contact_dept", "invalid_char"},
		{"bad date", func(f *application.EnterpriseForm) { f.FilledOn = "2024-02-30" }, "filled_on", "date_invalid"},
		{"future date", func(f *application.EnterpriseForm) { f.FilledOn = "2024-03-05" }, "filled_on", "date_out_of_range"},
	}
	for _, tc := range cases {
		f := membertest.EnterpriseForm("测试号")
		tc.edit(&f)
		f.Normalize()
		for _, complete := range []bool{false, true} {
			got := codes(t, f.Check(complete, today))
			assert.Equal(t, map[string]string{tc.field: tc.code}, got, "%s (complete=%v)", tc.name, complete)
		}
	}
}

func TestEnterpriseFormNormalizes(t *testing.T) {
	t.Parallel()
	f := membertest.EnterpriseForm("测试号")
	f.Name = "  测试号   科技  "
	f.USCC = " 91350100m000100y43 "
	f.Industry = "c"
	f.ContactMobile = "138 1234 5678"
	f.ContactPhone = "(010)68412345转801"
	f.ContactEmail = " LiMing@Example.COM "
	f.FilledOn = "2024/3/1"
	f.Profile = "  第一行  \r\n第二行\r\n\r\n"
	f.Normalize()
	require.NoError(t, f.Check(true, today))
	assert.Equal(t, "测试号 科技", f.Name)
	assert.Equal(t, "91350100M000100Y43", f.USCC)
	assert.Equal(t, "C", f.Industry)
	assert.Equal(t, "13812345678", f.ContactMobile)
	assert.Equal(t, "010-68412345-801", f.ContactPhone)
	assert.Equal(t, "liming@example.com", f.ContactEmail)
	assert.Equal(t, "2024-03-01", f.FilledOn)
	assert.Equal(t, "第一行\n第二行", f.Profile)

	fields := f.Fields()
	require.Len(t, fields, 19)
	assert.Equal(t, "industry", fields[3].Name)
	assert.Equal(t, "所属行业", fields[3].Label)
	assert.Equal(t, "制造业", fields[3].Display)
	assert.True(t, fields[16].Wide, "单位简介 spans the page")
}

func TestIndividualForm(t *testing.T) {
	t.Parallel()
	f := membertest.IndividualForm("张三", "z@example.com")
	f.Normalize()
	require.NoError(t, f.Check(true, today))

	cases := []struct {
		edit  func(f *application.IndividualForm)
		field string
		code  string
	}{
		{func(f *application.IndividualForm) { f.IDNumber = "110105194912310021" }, "id_number", "id_number_checksum"},
		{func(f *application.IndividualForm) { f.IDNumber = "11010519491231" }, "id_number", "id_number_format"},
		{func(f *application.IndividualForm) { f.IDNumber = "110105194913310026" }, "id_number", "id_number_birth_date"},
		{func(f *application.IndividualForm) { f.BirthMonth = "1950-01" }, "birth_month", "birth_month_mismatch"},
		{func(f *application.IndividualForm) { f.BirthMonth = "1949-13" }, "birth_month", "date_invalid"},
		{func(f *application.IndividualForm) { f.Gender = "x" }, "gender", "unknown_choice"},
		{func(f *application.IndividualForm) { f.Education = "phd" }, "education", "unknown_choice"},
		{func(f *application.IndividualForm) { f.Province = "00" }, "province", "unknown_choice"},
		{func(f *application.IndividualForm) { f.Mobile = "010-68412345" }, "mobile", "mobile_invalid"},
		{func(f *application.IndividualForm) { f.Employer = strings.Repeat("单", 101) }, "employer", "too_long"},
	}
	for _, tc := range cases {
		g := membertest.IndividualForm("张三", "z@example.com")
		tc.edit(&g)
		g.Normalize()
		assert.Equal(t, map[string]string{tc.field: tc.code}, codes(t, g.Check(true, today)), "%s", tc.code)
	}

	lower := membertest.IndividualForm("张三", "z@example.com")
	lower.IDNumber = "11010519491231002x"
	lower.BirthMonth = "1949/12"
	lower.Normalize()
	assert.NoError(t, lower.Check(true, today), "x is upper-cased, the month canonical")
	assert.Equal(t, "1949-12", lower.BirthMonth)

	got := codes(t, application.IndividualForm{}.Check(true, today))
	assert.Len(t, got, 11)
	assert.NoError(t, application.IndividualForm{}.Check(false, today), "an empty draft is fine")
}
