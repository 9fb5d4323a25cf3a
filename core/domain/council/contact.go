package council

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Contact is the council's 联系人信息: 「完善理事资料中的需要填写的联系人，为邮件推送的
// 联系人。」 — the association's council mail (the return of a form, and any
// later council circular) is addressed to Email, besides the member's login
// address. One per member.
type Contact struct {
	MemberID  string
	Name      string // 姓名
	Title     string // 职务
	Phone     string // 电话
	Email     string // 邮箱
	UpdatedAt time.Time
}

// Normalize trims the fields; the phone loses spaces, the email is lower case.
func (c *Contact) Normalize() {
	c.Name, c.Title = strings.TrimSpace(c.Name), strings.TrimSpace(c.Title)
	c.Phone = strings.NewReplacer(" ", "", "—", "-", "－", "-").Replace(strings.TrimSpace(c.Phone))
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
}

// Check validates a normalized contact: every field is required.
func (c Contact) Check() error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		v.Add("name", "required", "请填写姓名")
	case n < 2 || n > 30:
		v.Add("name", "name_invalid", "姓名应为2～30个字符")
	case strings.ContainsAny(c.Name, "<>"):
		v.Add("name", "invalid_char", "姓名不能包含 < 或 >")
	}
	switch {
	case c.Title == "":
		v.Add("title", "required", "请填写职务")
	case utf8.RuneCountInString(c.Title) > 50:
		v.Add("title", "too_long", "职务不能超过50个字符")
	case strings.ContainsAny(c.Title, "<>"):
		v.Add("title", "invalid_char", "职务不能包含 < 或 >")
	}
	switch {
	case c.Phone == "":
		v.Add("phone", "required", "请填写电话")
	case !application.ValidPhone(c.Phone):
		v.Add("phone", "phone_invalid", "请输入有效的电话号码，如 010-68412345 或 13812345678")
	}
	switch {
	case c.Email == "":
		v.Add("email", "required", "请填写邮箱，理事会的邮件将发送至此邮箱")
	case !application.ValidEmail(c.Email):
		v.Add("email", "email_invalid", "请输入有效的邮箱地址")
	}
	return v.Err()
}
