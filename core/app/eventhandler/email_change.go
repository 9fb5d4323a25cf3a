package eventhandler

import (
	"context"
	"fmt"
	"net/url"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// emailChangePath is the web page a login-email change's confirmation link
// opens (adapters/webui).
const emailChangePath = "/email/change"

// sendConfirmationOnEmailChangeRequested mails the confirmation link of a
// login-email change to the NEW address. Like the reset link, the event
// carries only the link's id: the raw token waits in the token store
// (auth.PurposeEmailChangeLink) for this handler, which removes it once the
// mail is queued; a link no longer there was mailed already or replaced, and
// nothing is sent.
func sendConfirmationOnEmailChangeRequested(r *reactions) Handler {
	const name = "send_email_change_confirmation"
	return On(name, func(ctx context.Context, ev member.EmailChangeRequested) error {
		key := eventKey(ev.EventName(), ev.Base)
		return once(ctx, r.deps.HandledEvents, name, key, ev.At, func() error {
			tokens, now := r.deps.Tokens, r.now()
			if tokens == nil {
				return fmt.Errorf("%s: no token store", name)
			}
			raw, err := tokens.Peek(ctx, auth.PurposeEmailChangeLink, ev.LinkID, now)
			if apperr.IsKind(err, apperr.KindNotFound) {
				return nil
			} else if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			to := ev.Base
			to.Email = ev.NewEmail
			m := email{text: "email_change_confirm", to: to, data: map[string]any{
				"Expires": r.site.local(ev.ExpiresAt).Format("2006-01-02 15:04"),
				"Confirm": r.site.link(emailChangePath + "?token=" + url.QueryEscape(string(raw)))}}
			if err := r.send(ctx, name, key, m); err != nil {
				return err
			}
			if _, err := tokens.Take(ctx, auth.PurposeEmailChangeLink, ev.LinkID, now); err != nil &&
				!apperr.IsKind(err, apperr.KindNotFound) {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	})
}

// sendNoticeOnEmailChanged tells the OLD address that the login email changed.
func sendNoticeOnEmailChanged(r *reactions) Handler {
	return mailOn(r, "send_email_changed_notice", func(ev member.EmailChanged) email {
		to := ev.Base
		to.Email = ev.OldEmail
		return email{text: "email_changed", to: to, data: map[string]any{"NewEmail": ev.Email}}
	})
}
