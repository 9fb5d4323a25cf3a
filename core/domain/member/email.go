package member

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// The limits of the mails a member account sends on request. Anyone may
// register with any address, so these mails go to addresses whose owner may not
// have asked for them: they are few and say only what the association wrote.
const (
	// VerifyMailEvery is the least time between two verification mails.
	VerifyMailEvery = time.Minute
	// VerifyMailsPerDay bounds the verification mails (the one sent at
	// registration included) within one day.
	VerifyMailsPerDay = 5
	// AttemptMailEvery is the least time between two mails telling the owner of
	// an address that someone tried to register with it.
	AttemptMailEvery = time.Hour
)

// verifyMailWindow is the window VerifyMailsPerDay counts in.
const verifyMailWindow = 24 * time.Hour

// ErrEmailUnverified is the code of a refusal to an account whose email address
// is not verified yet.
const ErrEmailUnverified = "email_unverified"

// EmailState is what the member's email address has been through: whether it is
// verified, and the mails sent to it on request (so that they can be limited).
type EmailState struct {
	// VerifiedAt is when the member opened a verification link; zero until then.
	// Accounts that existed before verification did count as verified.
	VerifiedAt time.Time
	// VerifyMailAt is when the last verification mail was asked for.
	VerifyMailAt time.Time
	// VerifyMails counts the verification mails since VerifyMailsSince, the start
	// of the current day-long window.
	VerifyMails      int
	VerifyMailsSince time.Time
	// AttemptMailAt is when the owner was last told that someone tried to
	// register with the address.
	AttemptMailAt time.Time
}

// EmailVerified reports whether the member has verified the email address: only
// then may it apply or pay.
func (m *Member) EmailVerified() bool { return !m.emailState.VerifiedAt.IsZero() }

// EmailState returns the state of the member's email address.
func (m *Member) EmailState() EmailState { return m.emailState }

// RequireVerifiedEmail refuses, with a message the member understands, what an
// account with an unverified address may not do: apply and pay. Anyone can
// register with someone else's address; until its owner opens the link, the
// account does nothing in the association's name.
func (m *Member) RequireVerifiedEmail() error {
	if m.EmailVerified() {
		return nil
	}
	return apperr.Forbidden(ErrEmailUnverified,
		fmt.Sprintf("请先验证邮箱：打开注册邮箱 %s 收到的验证邮件中的链接，验证后才能填写入会申请和缴纳会费", m.email))
}

// VerifyEmail marks the address verified: the member opened a link mailed to
// it. It records no event (nothing reacts to it) and reports whether anything
// changed: a second link opened later changes nothing.
func (m *Member) VerifyEmail(now time.Time) bool {
	if m.EmailVerified() {
		return false
	}
	m.emailState.VerifiedAt = now
	m.updatedAt = now
	return true
}

// RequestEmailVerification asks for another verification mail (「重新发送验证邮件」)
// and records EmailVerificationRequested, whose handler mails a new link. A
// verified address is a Conflict; more than one mail a minute or
// VerifyMailsPerDay a day is Throttled.
func (m *Member) RequestEmailVerification(now time.Time) error {
	if m.EmailVerified() {
		return apperr.Conflict("email_already_verified", "邮箱已验证，无需重新发送")
	}
	if err := m.allowVerifyMail(now); err != nil {
		return err
	}
	m.countVerifyMail(now)
	m.updatedAt = now
	m.Record(EmailVerificationRequested{m.base(now)})
	return nil
}

// allowVerifyMail applies the limits of verification mails.
func (m *Member) allowVerifyMail(now time.Time) error {
	s := m.emailState
	if wait := s.VerifyMailAt.Add(VerifyMailEvery).Sub(now); !s.VerifyMailAt.IsZero() && wait > 0 {
		return apperr.Throttled("verify_mail_throttled", "验证邮件刚刚已发送，请查收；如未收到，请1分钟后再试", wait)
	}
	windowEnd := s.VerifyMailsSince.Add(verifyMailWindow)
	if s.VerifyMails >= VerifyMailsPerDay && now.Before(windowEnd) {
		return apperr.Throttled("verify_mail_throttled",
			fmt.Sprintf("今天已发送%d封验证邮件，请先查收（包括垃圾邮件箱），或明天再试", s.VerifyMails), windowEnd.Sub(now))
	}
	return nil
}

// countVerifyMail counts one verification mail sent at now.
func (m *Member) countVerifyMail(now time.Time) {
	s := &m.emailState
	if s.VerifyMailsSince.IsZero() || !now.Before(s.VerifyMailsSince.Add(verifyMailWindow)) {
		s.VerifyMailsSince, s.VerifyMails = now, 0
	}
	s.VerifyMails++
	s.VerifyMailAt = now
}

// NoteRegistrationAttempt records that someone tried to register with the
// member's address: RegistrationAttempted makes a mail tell the owner (with the
// login and password-reset links), at most once per AttemptMailEvery; a later
// attempt within that time records nothing. The one who tried learns nothing
// either way.
func (m *Member) NoteRegistrationAttempt(now time.Time) {
	if last := m.emailState.AttemptMailAt; !last.IsZero() && now.Before(last.Add(AttemptMailEvery)) {
		return
	}
	m.emailState.AttemptMailAt = now
	m.Record(RegistrationAttempted{m.base(now)})
}
