package member

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Limits on user-entered account fields.
const (
	MinPasswordLen       = 6
	MaxPasswordLen       = 128
	MaxEmailLen          = 254
	MinEnterpriseNameLen = 2
	MaxEnterpriseNameLen = 100
	MinPersonNameLen     = 2
	MaxPersonNameLen     = 30
)

// CheckPassword applies the password rule: at least six characters containing both
// letters and digits. field names the form field for the message.
func CheckPassword(v *apperr.Validation, field, pw string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case pw == "":
		v.Add(field, "required", "请输入密码")
	case n < MinPasswordLen:
		v.Add(field, "password_too_short", "密码至少6位，且须同时包含字母和数字")
	case n > MaxPasswordLen:
		v.Add(field, "too_long", "密码不能超过128个字符")
	default:
		var letter, digit bool
		for _, r := range pw {
			switch {
			case r >= '0' && r <= '9':
				digit = true
			case unicode.IsLetter(r):
				letter = true
			case unicode.IsControl(r):
				v.Add(field, "password_invalid_char", "密码不能包含控制字符")
				return
			}
		}
		if !letter || !digit {
			v.Add(field, "password_weak", "密码须同时包含字母和数字")
		}
	}
}

// CheckPasswordConfirm checks the confirmation matches the password.
func CheckPasswordConfirm(v *apperr.Validation, field, pw, confirm string) {
	if confirm == "" {
		v.Add(field, "required", "请再次输入密码")
	} else if pw != confirm {
		v.Add(field, "password_mismatch", "两次输入的密码不一致")
	}
}

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckEmail applies the email rule to an already normalized address.
func CheckEmail(v *apperr.Validation, field, email string) {
	if email == "" {
		v.Add(field, "required", "请输入注册邮箱")
		return
	}
	if len(email) > MaxEmailLen {
		v.Add(field, "too_long", "邮箱地址不能超过254个字符")
		return
	}
	if !application.ValidEmail(email) {
		v.Add(field, "email_invalid", "请输入有效的邮箱地址")
	}
}

// NormalizeName trims surrounding space and collapses inner runs of white space.
func NormalizeName(s string) string { return strings.Join(strings.Fields(s), " ") }

var looksLikeNumber = regexp.MustCompile(`^(?i:GR)?[0-9]+$`)

// CheckName applies the name rule of the member kind to a normalized name: an
// enterprise's full legal name (2–100 characters) or a person's real name (2–30
// characters of letters, spaces and the middle dot). A name may not look like a
// member number, so that logging in by name or number stays unambiguous.
func CheckName(v *apperr.Validation, field string, kind Kind, name string) {
	n := utf8.RuneCountInString(name)
	if name == "" {
		if kind == Individual {
			v.Add(field, "required", "请输入真实姓名")
		} else {
			v.Add(field, "required", "请输入企业全称")
		}
		return
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '<' || r == '>' {
			v.Add(field, "name_invalid_char", "名称包含不允许的字符")
			return
		}
	}
	if looksLikeNumber.MatchString(name) {
		v.Add(field, "name_like_number", "用户名不能是纯数字或会员编号格式")
		return
	}
	if kind == Individual {
		if n < MinPersonNameLen || n > MaxPersonNameLen {
			v.Add(field, "name_length", "姓名长度应为2至30个字符")
			return
		}
		for _, r := range name {
			if !unicode.IsLetter(r) && r != ' ' && r != '·' && r != '•' && r != '.' {
				v.Add(field, "name_invalid_char", "姓名只能包含文字、空格和间隔号")
				return
			}
		}
		return
	}
	if n < MinEnterpriseNameLen || n > MaxEnterpriseNameLen {
		v.Add(field, "name_length", "企业全称长度应为2至100个字符")
	}
}
