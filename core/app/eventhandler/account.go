package eventhandler

import (
	"net/url"

	"github.com/openassoc/membership/core/domain/member"
)

// sendWelcomeEmailOnRegistered sends the registration notification email (spec §2).
func sendWelcomeEmailOnRegistered(r *reactions) Handler {
	return mailOn(r, "send_welcome_email", func(ev member.Registered) email {
		return email{text: "welcome", to: ev.Base, data: map[string]any{
			"Kind": ev.Kind.Label(), "Login": r.site.link("/login")}}
	})
}

// sendResetLinkOnPasswordResetRequested emails the single-use reset link.
func sendResetLinkOnPasswordResetRequested(r *reactions) Handler {
	return mailOn(r, "send_password_reset_link", func(ev member.PasswordResetRequested) email {
		return email{text: "password_reset", to: ev.Base, data: map[string]any{
			"Expires": r.site.local(ev.ExpiresAt).Format("2006-01-02 15:04"),
			"Reset":   r.site.link("/password/reset?token=" + url.QueryEscape(ev.Token))}}
	})
}
