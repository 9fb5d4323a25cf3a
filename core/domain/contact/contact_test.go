package contact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/contact"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err == nil {
		return out
	}
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind)
	for _, f := range e.Fields {
		out[f.Field] = f.Message
	}
	return out
}

// Each bad field is told in Chinese under its own name; phones and email are
// kept normalized.
func TestFieldsCheck(t *testing.T) {
	t.Parallel()
	f := contact.Fields{Role: " first ", Name: " 王芳 ", Phone: "010 - 68412345", Mobile: "139 0000 1111",
		Email: " WF@Example.COM "}
	f.Normalize()
	require.NoError(t, f.Check())
	assert.Equal(t, "010-68412345", f.Phone)
	assert.Equal(t, "13900001111", f.Mobile)
	assert.Equal(t, "wf@example.com", f.Email)

	bad := contact.Fields{Role: "boss", Name: "王", Phone: "12", Mobile: "1390000111", Email: "a@", Dept: "<b>"}
	bad.Normalize()
	got := fieldsOf(t, bad.Check())
	assert.Equal(t, "请选择角色", got["role"])
	assert.Equal(t, "姓名应为2～30个字符", got["name"])
	assert.Contains(t, got["phone"], "有效的电话号码")
	assert.Equal(t, "请输入11位手机号码", got["mobile"])
	assert.Equal(t, "请输入有效的邮箱地址", got["email"])
	assert.Contains(t, got["dept"], "不能包含")

	none := contact.Fields{Role: contact.Plain, Name: "王芳"}
	assert.Equal(t, "电话和手机至少填写一项", fieldsOf(t, none.Check())["mobile"])
}

// The 联系电话 of the home page is the phone, else the mobile.
func TestPhoneOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "010-1", contact.Contact{Phone: "010-1", Mobile: "139"}.PhoneOf())
	assert.Equal(t, "139", contact.Contact{Mobile: "139"}.PhoneOf())
	assert.Equal(t, "第一联系人", contact.First.Label())
	assert.Equal(t, "部门负责人", contact.DeptHead.Label())
}
