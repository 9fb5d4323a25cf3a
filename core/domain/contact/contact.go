// Package contact is an enterprise member's contacts (联系人管理): the people
// the association reaches it by, one of them the 第一联系人 that the member
// home shows as 会员联系人.
package contact

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Role is a contact's role (角色).
type Role string

// The roles.
const (
	First    Role = "first"     // 第一联系人: exactly one per member
	Plain    Role = "contact"   // 联系人
	DeptHead Role = "dept_head" // 部门负责人
)

// Roles lists the roles in the order the form offers them.
func Roles() []Role { return []Role{First, Plain, DeptHead} }

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case First:
		return "第一联系人"
	case Plain:
		return "联系人"
	case DeptHead:
		return "部门负责人"
	}
	return string(r)
}

// Valid tells whether r is one of the roles.
func (r Role) Valid() bool { return r == First || r == Plain || r == DeptHead }

// MaxPerMember bounds a member's contacts.
const MaxPerMember = 50

// Error codes.
const (
	ErrNotFound        = "contact_not_found"
	ErrSuccessorNeeded = "successor_required"
	ErrTooMany         = "too_many_contacts"
)

// NotFoundError is the answer for a contact that is not the member's.
func NotFoundError() error { return apperr.NotFound(ErrNotFound, "联系人不存在") }

// Contact is one contact of a member.
type Contact struct {
	ID        string
	MemberID  string
	Role      Role
	Dept      string // 部门
	Name      string // 姓名
	Title     string // 职务
	Phone     string // 电话
	Mobile    string // 手机
	Email     string // Email
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Fields is what a member types in the form.
type Fields struct {
	Role   Role
	Dept   string
	Name   string
	Title  string
	Phone  string
	Mobile string
	Email  string
}

// Normalize trims the fields and writes phones and email the way they are kept.
func (f *Fields) Normalize() {
	trim := strings.TrimSpace
	f.Role = Role(trim(string(f.Role)))
	f.Dept, f.Name, f.Title = trim(f.Dept), trim(f.Name), trim(f.Title)
	strip := strings.NewReplacer(" ", "", "—", "-", "－", "-", "（", "(", "）", ")")
	f.Phone, f.Mobile = strip.Replace(trim(f.Phone)), strip.Replace(trim(f.Mobile))
	f.Email = strings.ToLower(trim(f.Email))
}

// Check validates normalized fields, each problem a field-level Chinese message.
// A contact needs a name and at least one way to reach it (电话 or 手机).
func (f Fields) Check() error {
	var v apperr.Validation
	if !f.Role.Valid() {
		v.Add("role", "role_invalid", "请选择角色")
	}
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		v.Add("name", "required", "请填写姓名")
	case n < 2 || n > 30:
		v.Add("name", "name_invalid", "姓名应为2～30个字符")
	}
	textField(&v, "dept", "部门", f.Dept)
	textField(&v, "title", "职务", f.Title)
	if f.Phone != "" && !application.ValidPhone(f.Phone) {
		v.Add("phone", "phone_invalid", "请输入有效的电话号码，如 010-68412345")
	}
	if f.Mobile != "" && !application.ValidMobile(f.Mobile) {
		v.Add("mobile", "mobile_invalid", "请输入11位手机号码")
	}
	if f.Phone == "" && f.Mobile == "" {
		v.Add("mobile", "required", "电话和手机至少填写一项")
	}
	if f.Email != "" && !application.ValidEmail(f.Email) {
		v.Add("email", "email_invalid", "请输入有效的邮箱地址")
	}
	return v.Err()
}

func textField(v *apperr.Validation, name, label, s string) {
	if utf8.RuneCountInString(s) > 50 {
		v.Add(name, "too_long", fmt.Sprintf("%s不能超过%d个字符", label, 50))
	} else if strings.ContainsAny(s, "<>") {
		v.Add(name, "invalid_char", fmt.Sprintf("%s不能包含 < 或 >", label))
	}
}

// Apply sets the contact's fields.
func (c *Contact) Apply(f Fields, now time.Time) {
	c.Role, c.Dept, c.Name, c.Title = f.Role, f.Dept, f.Name, f.Title
	c.Phone, c.Mobile, c.Email = f.Phone, f.Mobile, f.Email
	c.UpdatedAt = now
}

// FieldsOf returns the contact's fields, for an edit form.
func (c Contact) FieldsOf() Fields {
	return Fields{Role: c.Role, Dept: c.Dept, Name: c.Name, Title: c.Title, Phone: c.Phone, Mobile: c.Mobile,
		Email: c.Email}
}

// SeedID is the identity of the first contact seeded from a member's
// application, so that the seed is the same whether read or written first.
func SeedID(memberID string) string { return memberID + "-c1" }

// Seed is the first contact taken from an enterprise's application (第一联系人).
func Seed(memberID string, a application.EnterpriseForm, now time.Time) Contact {
	return Contact{ID: SeedID(memberID), MemberID: memberID, Role: First, Dept: a.ContactDept, Name: a.ContactName,
		Title: a.ContactTitle, Phone: a.ContactPhone, Mobile: a.ContactMobile, Email: a.ContactEmail,
		CreatedAt: now, UpdatedAt: now}
}

// FirstOf returns the first contact of a list (false: none).
func FirstOf(cs []Contact) (Contact, bool) {
	for _, c := range cs {
		if c.Role == First {
			return c, true
		}
	}
	return Contact{}, false
}

// PhoneOf is the number the home page shows as 联系电话: the phone, else the mobile.
func (c Contact) PhoneOf() string {
	if c.Phone != "" {
		return c.Phone
	}
	return c.Mobile
}
