package member

import (
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// EmailChangeRequested means staff asked to change the member's login email
// (账号协助); its handler mails a confirmation link to NewEmail. The address
// changes only when that link is opened (EmailChanged). The event carries
// the link's id, never its token (see auth.PurposeEmailChangeLink).
type EmailChangeRequested struct {
	Base
	NewEmail  string    `json:"new_email"`
	LinkID    string    `json:"link_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// EventName implements event.Event.
func (EmailChangeRequested) EventName() string { return "member.email_change_requested" }

// EmailChanged means the member confirmed a new login email; Base.Email is the
// new address, OldEmail the one before, whose owner is told.
type EmailChanged struct {
	Base
	OldEmail string `json:"old_email"`
}

// EventName implements event.Event.
func (EmailChanged) EventName() string { return "member.email_changed" }

// RequestEmailChange records EmailChangeRequested for a new login email
// (normalized by the caller): it must be a valid address other than the
// current one (field "email").
func (m *Member) RequestEmailChange(newEmail, linkID string, expiresAt, now time.Time) error {
	var v apperr.Validation
	CheckEmail(&v, "email", newEmail)
	if newEmail != "" && newEmail == m.email {
		v.Add("email", "email_unchanged", "新邮箱与当前登录邮箱相同")
	}
	if err := v.Err(); err != nil {
		return err
	}
	m.Record(EmailChangeRequested{Base: m.base(now), NewEmail: newEmail, LinkID: linkID, ExpiresAt: expiresAt})
	return nil
}

// ChangeEmail makes newEmail the login email: the member proved it owns the
// address by opening the link mailed to it, so the address counts as
// verified. It records EmailChanged and reports whether anything changed (the
// same address again changes nothing).
func (m *Member) ChangeEmail(newEmail string, now time.Time) bool {
	if newEmail == m.email {
		return false
	}
	old := m.email
	m.email = newEmail
	m.emailState = EmailState{VerifiedAt: now}
	m.updatedAt = now
	m.Record(EmailChanged{Base: m.base(now), OldEmail: old})
	return true
}
