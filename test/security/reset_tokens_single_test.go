package security_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 7: a member has one live reset link. A newer request replaces the
// older link, and a reset or a password change ends every link of the member.
func TestOldResetLinksDie(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	const email = "old.links@example.com"
	env.RegisterMember(t, "individual", "李旧链", email, "first1234")
	h := env.Handler()
	links := resetLinks{t: t, env: env, h: h, email: email}
	confirm := func(token, pw string) apiReply {
		return callAPI(t, h, http.MethodPost, "/password-resets/confirm", map[string]any{
			"token": token, "password": pw, "password_confirm": pw}, "198.51.100.30:4000", "")
	}

	// A newer link replaces the older one.
	first := links.request()
	second := links.request()
	require.NotEqual(t, first, second)
	r := confirm(first, "second1234")
	assert.Equal(t, "reset_token_invalid", r.fields()["token"], "the older link died when a newer was sent: %v", r.Body)
	r = confirm(second, "second1234")
	require.Equal(t, http.StatusNoContent, r.Status, "%v", r.Body)

	// A password change ends the link sent before it.
	pending := links.request()
	login := callAPI(t, h, http.MethodPost, "/sessions", map[string]any{"login": "李旧链", "password": "second1234",
		"captcha_token": env.PassCaptcha(t, captcha.PurposeLogin)}, "198.51.100.31:4000", "")
	require.Equal(t, http.StatusCreated, login.Status, "%v", login.Body)
	session, _ := login.Body["token"].(string)
	r = callAPI(t, h, http.MethodPut, "/me/password", map[string]any{"old_password": "second1234",
		"new_password": "third1234", "new_password_confirm": "third1234"}, "198.51.100.31:4000", session)
	require.Equal(t, http.StatusNoContent, r.Status, "%v", r.Body)
	r = confirm(pending, "fourth1234")
	assert.Equal(t, "reset_token_invalid", r.fields()["token"], "the link died with the password change: %v", r.Body)
}
