// Package staff holds the association's staff accounts (reviewer, finance,
// secretariat, admin) that log in to the back office.
package staff

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
)

// Staff is a back-office account.
type Staff struct {
	ID           string
	Username     string
	DisplayName  string
	Email        string
	Role         access.Role
	PasswordHash string
	CreatedAt    time.Time
}

// New validates and creates a staff account. The password hash is computed by the
// caller after CheckPassword passed.
func New(username, displayName, email string, role access.Role, passwordHash string, now time.Time) (*Staff, error) {
	username = strings.TrimSpace(username)
	displayName = member.NormalizeName(displayName)
	email = member.NormalizeEmail(email)
	var v apperr.Validation
	if username == "" {
		v.Add("username", "required", "请输入用户名")
	} else if n := utf8.RuneCountInString(username); n < 2 || n > 50 || strings.ContainsAny(username, " \t<>") {
		v.Add("username", "username_invalid", "用户名应为2至50个字符，且不含空格")
	}
	if displayName == "" {
		displayName = username
	}
	if utf8.RuneCountInString(displayName) > 50 {
		v.Add("display_name", "too_long", "姓名不能超过50个字符")
	}
	if email != "" {
		member.CheckEmail(&v, "email", email)
	}
	if !role.IsStaff() {
		v.Add("role", "role_invalid", "请选择工作人员角色：reviewer、finance、secretariat 或 admin")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Staff{ID: id.New(now), Username: username, DisplayName: displayName, Email: email,
		Role: role, PasswordHash: passwordHash, CreatedAt: now}, nil
}
