package member_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

func codeOf(t *testing.T, check func(v *apperr.Validation)) string {
	t.Helper()
	var v apperr.Validation
	check(&v)
	err := v.Err()
	if err == nil {
		return ""
	}
	e := apperr.As(err)
	require.Len(t, e.Fields, 1)
	assert.NotEmpty(t, e.Fields[0].Message)
	return e.Fields[0].Code
}

func TestPasswordRule(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                       "required",
		"a1b2c":                  "password_too_short",
		"abcdef":                 "password_weak",
		"123456":                 "password_weak",
		"abc123":                 "",
		"密码abc123":               "",
		"ab\x00c123":             "password_invalid_char",
		strings.Repeat("a1", 65): "too_long",
	}
	for pw, want := range cases {
		got := codeOf(t, func(v *apperr.Validation) { member.CheckPassword(v, "password", pw) })
		assert.Equal(t, want, got, "password %q", pw)
	}
	assert.Equal(t, "password_mismatch", codeOf(t, func(v *apperr.Validation) { member.CheckPasswordConfirm(v, "c", "abc123", "abc124") }))
	assert.Equal(t, "required", codeOf(t, func(v *apperr.Validation) { member.CheckPasswordConfirm(v, "c", "abc123", "") }))
	assert.Equal(t, "", codeOf(t, func(v *apperr.Validation) { member.CheckPasswordConfirm(v, "c", "abc123", "abc123") }))
}

func TestEmailRule(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                                 "required",
		"a@example.com":                    "",
		"1@qq.com":                         "",
		"a.b+c@sub.example.cn":             "",
		"plain":                            "email_invalid",
		"a@b":                              "email_invalid",
		"a@@example.com":                   "email_invalid",
		"Name <a@example.com>":             "email_invalid",
		"a@example.com.":                   "email_invalid",
		"a b@example.com":                  "email_invalid",
		strings.Repeat("a", 250) + "@x.cn": "too_long",
	}
	for in, want := range cases {
		email := member.NormalizeEmail(in)
		got := codeOf(t, func(v *apperr.Validation) { member.CheckEmail(v, "email", email) })
		assert.Equal(t, want, got, "email %q", in)
	}
	assert.Equal(t, "a@example.com", member.NormalizeEmail("  A@Example.COM "))
}

func TestNameRules(t *testing.T) {
	t.Parallel()
	type c struct {
		kind member.Kind
		name string
		want string
	}
	cases := []c{
		{member.Enterprise, "中国质量协会", ""},
		{member.Enterprise, "", "required"},
		{member.Enterprise, "中", "name_length"},
		{member.Enterprise, strings.Repeat("企", 101), "name_length"},
		{member.Enterprise, "19141263", "name_like_number"},
		{member.Enterprise, "GR190037", "name_like_number"},
		{member.Enterprise, "测试<script>", "name_invalid_char"},
		{member.Individual, "张三", ""},
		{member.Individual, "阿依古丽·买买提", ""},
		{member.Individual, "John Smith", ""},
		{member.Individual, "张", "name_length"},
		{member.Individual, "张三3", "name_invalid_char"},
		{member.Individual, strings.Repeat("张", 31), "name_length"},
		{member.Individual, "", "required"},
	}
	for _, tc := range cases {
		got := codeOf(t, func(v *apperr.Validation) { member.CheckName(v, "name", tc.kind, tc.name) })
		assert.Equal(t, tc.want, got, "%s %q", tc.kind, tc.name)
	}
	assert.Equal(t, "中国 质量协会", member.NormalizeName("  中国   质量协会 "))
}

func TestMemberNumberFormats(t *testing.T) {
	t.Parallel()
	y2019 := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	n, err := member.DefaultEnterpriseNumbers.Format(y2019, 141263)
	require.NoError(t, err)
	assert.Equal(t, "19141263", n)
	n, err = member.DefaultIndividualNumbers.Format(y2019, 37)
	require.NoError(t, err)
	assert.Equal(t, "GR190037", n)
	n, err = member.NumberFormat{Pattern: "M{YYYY}-{SEQ:3}"}.Format(y2019, 5)
	require.NoError(t, err)
	assert.Equal(t, "M2019-005", n)

	_, err = member.DefaultIndividualNumbers.Format(y2019, 10000)
	assert.Error(t, err, "a sequence that does not fit is refused, never truncated")
	_, err = member.DefaultIndividualNumbers.Format(y2019, 0)
	assert.Error(t, err)
	for _, bad := range []string{"{YY}", "{SEQ:0}", "{SEQ:x}", "{SEQ:4}{SEQ:4}", "{SEQ:13}", "{SEQ:4"} {
		assert.Error(t, member.NumberFormat{Pattern: bad}.Validate(), bad)
	}
	c, err := member.DefaultEnterpriseNumbers.Capacity()
	require.NoError(t, err)
	assert.EqualValues(t, 999999, c)
	assert.Equal(t, "member_number:individual:2019", member.SequenceScope(member.Individual, y2019))
}
