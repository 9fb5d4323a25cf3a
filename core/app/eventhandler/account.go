package eventhandler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

// verifyEmailPath is the web page a verification link opens (adapters/webui).
const verifyEmailPath = "/email/verify"

// The emails of this file go to addresses that may not be verified: anyone can
// register with any address. They say only what the association wrote — never
// the name the registrant typed (issue 9, finding 13).

// sendWelcomeEmailOnRegistered sends the registration email (spec §2) with the
// first verification link.
func sendWelcomeEmailOnRegistered(r *reactions) Handler {
	return verifyMailOn(r, "send_welcome_email", "welcome", func(ev member.Registered) member.Base { return ev.Base })
}

// sendVerificationLinkOnEmailVerificationRequested mails a new verification
// link (「重新发送验证邮件」).
func sendVerificationLinkOnEmailVerificationRequested(r *reactions) Handler {
	return verifyMailOn(r, "send_verification_link", "verify_email",
		func(ev member.EmailVerificationRequested) member.Base { return ev.Base })
}

// sendNoticeOnRegistrationAttempted tells the owner of a registered address
// that someone tried to register with it (issue 9, finding 9), with the ways
// back into the account.
func sendNoticeOnRegistrationAttempted(r *reactions) Handler {
	return mailOn(r, "send_registration_attempt_notice", func(ev member.RegistrationAttempted) email {
		return email{text: "registration_attempt", to: ev.Base, data: map[string]any{
			"Login": r.site.link("/login"), "Forgot": r.site.link("/password/forgot")}}
	})
}

// sendResetLinkOnPasswordResetRequested emails the single-use reset link. The
// event carries only the link's id: the raw token waits in the token store
// (auth.PurposeResetLink) for this handler, which reads it to write the email
// and removes it once the email is queued. A link that is no longer there was
// mailed already, replaced by a newer one, used, or has expired: nothing is
// sent. If the email cannot be queued the link stays for the redelivery; if it
// was queued but not yet removed, the redelivery queues it under the same key,
// which the mail queue keeps once.
func sendResetLinkOnPasswordResetRequested(r *reactions) Handler {
	const name = "send_password_reset_link"
	return On(name, func(ctx context.Context, ev member.PasswordResetRequested) error {
		key := eventKey(ev.EventName(), ev.Base)
		return once(ctx, r.deps.HandledEvents, name, key, ev.At, func() error {
			tokens, now := r.deps.Tokens, r.now()
			if tokens == nil {
				return fmt.Errorf("%s: no token store", name)
			}
			raw, err := tokens.Peek(ctx, auth.PurposeResetLink, ev.LinkID, now)
			if apperr.IsKind(err, apperr.KindNotFound) {
				return nil
			} else if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			m := email{text: "password_reset", to: ev.Base, data: map[string]any{
				"Expires": r.site.local(ev.ExpiresAt).Format("2006-01-02 15:04"),
				"Reset":   r.site.link("/password/reset?token=" + url.QueryEscape(string(raw)))}}
			if err := r.send(ctx, name, key, m); err != nil {
				return err
			}
			if _, err := tokens.Take(ctx, auth.PurposeResetLink, ev.LinkID, now); err != nil &&
				!apperr.IsKind(err, apperr.KindNotFound) {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	})
}

// verifyMailOn is the handler named name that emails text with a new
// verification link, once per event (see once), to the member of each E. The
// token is made here, when the mail is composed, and only its hash is stored:
// the raw token is in the mail alone, never in the event (the outbox, the
// bus). A redelivered event stores another token, whose mail the mail queue
// drops (same key): the first one, whose token is stored too, goes out.
func verifyMailOn[E event.Event](r *reactions, name, text string, base func(E) member.Base) Handler {
	return On(name, func(ctx context.Context, ev E) error {
		b := base(ev)
		key := eventKey(ev.EventName(), b)
		return once(ctx, r.deps.HandledEvents, name, key, b.At, func() error {
			link, expires, err := r.verificationLink(ctx, b)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return r.send(ctx, name, key, email{text: text, to: b, data: map[string]any{
				"Kind": b.Kind.Label(), "Individual": b.Kind == member.Individual,
				"Login": r.site.link("/login"), "Verify": link,
				"Expires": r.site.local(expires).Format("2006-01-02 15:04")}})
		})
	})
}

// verificationLink stores a new verification token for the member's address
// and returns the link that uses it and when it expires.
func (r *reactions) verificationLink(ctx context.Context, b member.Base) (string, time.Time, error) {
	if r.deps.Tokens == nil {
		return "", time.Time{}, errors.New("no token store for verification links")
	}
	token := auth.NewToken()
	expires := r.now().Add(r.site.verifyLinkFor())
	err := r.deps.Tokens.Put(ctx, auth.PurposeEmailVerification, auth.HashToken(token),
		auth.VerificationPayload(b.MemberID, b.Email), expires)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store verification token: %w", err)
	}
	return r.site.link(verifyEmailPath + "?token=" + url.QueryEscape(token)), expires, nil
}
