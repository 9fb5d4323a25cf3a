package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// TestExpiredResetLink follows a reset link after its hour is over (the module's
// clock is moved on): the form still opens, but setting the password is refused
// with 「重置链接无效、已使用或已过期，请重新申请」 and a way to ask again, and the
// old password stays. A new link works.
func TestExpiredResetLink(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Now())
	f := setup(t, membershiptest.WithClock(clock))
	f.registerMember(t, "individual", "过期链接", "expired@example.com")
	b := f.browser(t)

	// ask asks for a link through the form and returns the path and token of the
	// new one (the reset mails received then number count).
	seen := map[string]bool{}
	ask := func(count int) (string, string) {
		t.Helper()
		res := b.postForm("/password/forgot", url.Values{"email": {"expired@example.com"},
			"captcha_token": {f.env.PassCaptcha(t, captcha.PurposeForgotPassword)}})
		require.Equal(t, http.StatusOK, res.Status, res.Body)
		var mails []membershiptest.Mail
		f.env.WaitUntil(10*time.Second, func() bool {
			all, err := f.env.Mailbox.To("expired@example.com")
			require.NoError(t, err)
			mails = mails[:0]
			for _, m := range all {
				if resetLink.MatchString(m.Text) {
					mails = append(mails, m)
				}
			}
			return len(mails) >= count
		})
		require.Len(t, mails, count, "the reset mail arrived")
		var link string
		for _, m := range mails {
			if l := resetLink.FindStringSubmatch(m.Text)[1]; !seen[l] {
				link = l
			}
		}
		require.NotEmpty(t, link)
		seen[link] = true
		token, err := url.QueryUnescape(link[len("/password/reset?token="):])
		require.NoError(t, err)
		return link, token
	}

	link, token := ask(1)
	clock.Advance(auth.ResetTokenFor + time.Minute)

	// The expired link says so when opened, before a password is typed.
	page := b.get(link)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.NotContains(t, page.Body, `name="password"`)
	// A form sent anyway is refused as before.
	res := b.postForm("/password/reset", url.Values{"token": {token}, "password": {"later1"},
		"password_confirm": {"later1"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
	assert.Contains(t, res.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.Contains(t, res.Body, `href="/password/forgot"`)
	assert.NotContains(t, res.Body, "密码重置成功")

	// The password did not change.
	f.env.LoginMember(t, "过期链接", goodPass)
	_, err := f.env.App.Commands.Login.Handle(context.Background(), command.Login{Login: "过期链接",
		Password: "later1", CaptchaToken: f.env.PassCaptcha(t, captcha.PurposeLogin)})
	assert.Error(t, err, "the expired link set no password")

	// A new link, used in time, works.
	_, fresh := ask(2)
	clock.Advance(auth.ResetTokenFor - time.Minute)
	res = b.postForm("/password/reset", url.Values{"token": {fresh}, "password": {"later1"},
		"password_confirm": {"later1"}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "密码重置成功")
	f.env.LoginMember(t, "过期链接", "later1")
}
