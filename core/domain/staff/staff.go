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

// Staff is a back-office account. Its fields are private: an account is made
// by New (which checks the rules) or rebuilt by Restore, and read through the
// accessors.
type Staff struct {
	id           string
	username     string
	displayName  string
	email        string
	role         access.Role
	passwordHash string
	createdAt    time.Time
	disabledAt   time.Time // zero while the account may log in
	lastLoginAt  time.Time // zero until the first login is recorded
}

// Snapshot is the stored form of a Staff account, used only by storage adapters
// (and tests that need an account in a given state).
type Snapshot struct {
	ID           string
	Username     string
	DisplayName  string
	Email        string
	Role         access.Role
	PasswordHash string
	CreatedAt    time.Time
	// DisabledAt is when the account was disabled; zero while it may log in.
	DisabledAt time.Time
	// LastLoginAt is when the account last logged in; zero when not known.
	LastLoginAt time.Time
}

// Restore rebuilds an account from its stored form. It is the one constructor
// storage adapters use; it checks nothing (the account passed New's rules).
func Restore(s Snapshot) *Staff {
	return &Staff{id: s.ID, username: s.Username, displayName: s.DisplayName, email: s.Email,
		role: s.Role, passwordHash: s.PasswordHash, createdAt: s.CreatedAt, disabledAt: s.DisabledAt,
		lastLoginAt: s.LastLoginAt}
}

// Snapshot returns the stored form of the account.
func (s *Staff) Snapshot() Snapshot {
	return Snapshot{ID: s.id, Username: s.username, DisplayName: s.displayName, Email: s.email,
		Role: s.role, PasswordHash: s.passwordHash, CreatedAt: s.createdAt, DisabledAt: s.disabledAt,
		LastLoginAt: s.lastLoginAt}
}

// ID returns the account's identity.
func (s *Staff) ID() string { return s.id }

// Username returns the login name.
func (s *Staff) Username() string { return s.username }

// DisplayName returns the name shown in the back office.
func (s *Staff) DisplayName() string { return s.displayName }

// Email returns the account's email address (may be empty).
func (s *Staff) Email() string { return s.email }

// Role returns the staff role (reviewer, finance, secretariat or admin).
func (s *Staff) Role() access.Role { return s.role }

// PasswordHash returns the stored password hash.
func (s *Staff) PasswordHash() string { return s.passwordHash }

// CreatedAt returns when the account was created.
func (s *Staff) CreatedAt() time.Time { return s.createdAt }

// Disabled reports whether the account was disabled: it cannot log in and has
// no sessions.
func (s *Staff) Disabled() bool { return !s.disabledAt.IsZero() }

// DisabledAt returns when the account was disabled (zero while it may log in).
func (s *Staff) DisabledAt() time.Time { return s.disabledAt }

// LastLoginAt returns when the account last logged in (zero when not known).
func (s *Staff) LastLoginAt() time.Time { return s.lastLoginAt }

// MinPasswordLen is the shortest staff password: back-office accounts reach
// every member's records, so they need more than a member's six characters.
const MinPasswordLen = 10

// CheckPassword applies the staff password rule: the member rule (letters and
// digits, at most 128 characters) and at least MinPasswordLen characters.
func CheckPassword(v *apperr.Validation, field, pw string) {
	if pw != "" && utf8.RuneCountInString(pw) < MinPasswordLen {
		v.Add(field, "password_too_short", "工作人员密码至少10位，且须同时包含字母和数字")
		return
	}
	member.CheckPassword(v, field, pw)
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
	return &Staff{id: id.New(now), username: username, displayName: displayName, email: email,
		role: role, passwordHash: passwordHash, createdAt: now}, nil
}
