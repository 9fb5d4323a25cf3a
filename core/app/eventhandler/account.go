package eventhandler

import (
	"context"
	"fmt"
	"net/url"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// sendWelcomeEmailOnRegistered sends the registration notification email (spec §2).
func sendWelcomeEmailOnRegistered(r *reactions) Handler {
	return mailOn(r, "send_welcome_email", func(ev member.Registered) email {
		return email{text: "welcome", to: ev.Base, data: map[string]any{
			"Kind": ev.Kind.Label(), "Login": r.site.link("/login")}}
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
