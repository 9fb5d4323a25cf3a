package membershiptest

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
)

// verifyMailSubject is what the subjects of the welcome mail and of a resent
// verification mail share.
const verifyMailSubject = "验证邮箱"

// MailWait bounds the helpers' waits for a mail the module sends in the
// background (the outbox relay, then the mail queue).
const MailWait = 30 * time.Second

// verifyLinkPattern finds a verification link in a mail's text.
var verifyLinkPattern = regexp.MustCompile(`https?://\S+/email/verify\?token=\S+`)

// RegisterUnverified registers an account through the real use case and
// returns its id, its email address not verified yet: the account may log in
// but not apply or pay. The address must be new (a taken one makes no
// account, and the use case does not say so).
func (e *Env) RegisterUnverified(tb testing.TB, kind, name, email, password string) string {
	tb.Helper()
	id, err := e.App.Commands.RegisterMember.Handle(context.Background(), command.RegisterMember{
		Kind: kind, Name: name, Email: email, Password: password, PasswordConfirm: password,
		CaptchaToken: e.PassCaptcha(tb, captcha.PurposeRegister)})
	require.NoError(tb, err)
	require.NotEmpty(tb, id, "%s is registered already: no account was made", email)
	return id
}

// VerificationLink waits for a verification mail to email (the welcome mail,
// or a resent one) and returns the link of the newest.
func (e *Env) VerificationLink(tb testing.TB, email string) string {
	tb.Helper()
	e.Mailbox.WaitFor(tb, email, verifyMailSubject, MailWait)
	ms, err := e.Mailbox.To(email)
	require.NoError(tb, err)
	for i := len(ms) - 1; i >= 0; i-- {
		if !strings.Contains(ms[i].Subject, verifyMailSubject) {
			continue
		}
		link := verifyLinkPattern.FindString(ms[i].Text)
		require.NotEmpty(tb, link, "no verification link in the mail %q:\n%s", ms[i].Subject, ms[i].Text)
		return link
	}
	tb.Fatalf("no verification mail to %s", email)
	return ""
}

// VerifyEmail verifies email as its owner would: it reads the newest
// verification mail to it and confirms the link's token (the page the link
// opens has one button, which does just that).
func (e *Env) VerifyEmail(tb testing.TB, email string) {
	tb.Helper()
	_, err := e.App.Commands.VerifyEmail.Handle(context.Background(),
		command.VerifyEmail{Token: LinkToken(tb, e.VerificationLink(tb, email))})
	require.NoError(tb, err, "verify %s", email)
}

// LinkToken returns the token of an emailed link (its token parameter).
func LinkToken(tb testing.TB, link string) string {
	tb.Helper()
	u, err := url.Parse(link)
	require.NoError(tb, err)
	token := u.Query().Get("token")
	require.NotEmpty(tb, token, "no token in %s", link)
	return token
}
