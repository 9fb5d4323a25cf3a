package webui_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCSRFTokenRotatesAtLogin: the token is bound to the session. A login
// gives a new one; the token of before the login is refused after it, also
// after the logout.
func TestCSRFTokenRotatesAtLogin(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "轮换公司", "rotate@example.com")
	b := f.browser(t)
	before := b.csrf()
	require.Equal(t, http.StatusSeeOther, b.login("轮换公司", goodPass, false).Status)
	after := b.csrf()
	assert.NotEqual(t, before, after, "a new token at login")

	res := b.postRaw("/logout", url.Values{"csrf_token": {before}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "the token of before the login")
	assert.Contains(t, res.Body, "请求已失效，请刷新页面后重试")
	require.Equal(t, http.StatusOK, b.get("/member").Status, "still logged in")

	require.Equal(t, http.StatusSeeOther, b.postRaw("/logout", url.Values{"csrf_token": {after}}, nil).Status)
	assert.Equal(t, http.StatusSeeOther, b.get("/member").Status, "logged out")
	again := b.csrf()
	assert.NotEqual(t, before, again, "the visitor's token was replaced at login")
	assert.NotEqual(t, after, again)
	res = b.postRaw("/login", url.Values{"login": {"轮换公司"}, "password": {goodPass}, "csrf_token": {before}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "the token of before the login, after the logout")
}

// TestCSRFTokenBoundToSession: one session's token does not pass with another
// session, nor does the visitor cookie's token once logged in.
func TestCSRFTokenBoundToSession(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "绑定甲公司", "bound-a@example.com")
	f.registerMember(t, "enterprise", "绑定乙公司", "bound-b@example.com")
	a, b := f.browser(t), f.browser(t)
	require.Equal(t, http.StatusSeeOther, a.login("绑定甲公司", goodPass, false).Status)
	require.Equal(t, http.StatusSeeOther, b.login("绑定乙公司", goodPass, false).Status)
	require.NotEqual(t, a.csrf(), b.csrf())

	res := b.postRaw("/logout", url.Values{"csrf_token": {a.csrf()}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "another session's token")

	var visitor string
	for _, c := range b.jar.Cookies(b.u) {
		if c.Name == "csrf" {
			visitor = c.Value
		}
	}
	require.NotEmpty(t, visitor)
	res = b.postRaw("/logout", url.Values{"csrf_token": {visitor}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "the visitor cookie's token with a session")
	assert.Equal(t, http.StatusOK, b.get("/member").Status, "still logged in")
}
