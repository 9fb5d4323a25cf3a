package webui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
)

// secureCookie is the session cookie's name over HTTPS.
const secureCookie = "__Host-" + cookieName

// tlsBrowser talks to the site over HTTPS: it keeps every cookie it is given
// (a cookie jar would not hand Secure cookies to the http:// site URL).
type tlsBrowser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]string
}

func newTLSBrowser(t *testing.T, f *fixture) *tlsBrowser {
	return &tlsBrowser{t: t, h: f.h, cookies: map[string]string{}}
}

func (b *tlsBrowser) do(req *http.Request) response {
	b.t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return response{Status: res.StatusCode, Body: rec.Body.String(), Header: res.Header, Cookies: res.Cookies()}
}

// csrf returns the token of the home page.
func (b *tlsBrowser) csrf() string {
	b.t.Helper()
	m := metaCSRF.FindStringSubmatch(b.do(httpsRequest(http.MethodGet, "/", nil)).Body)
	require.NotNil(b.t, m)
	return m[1]
}

// login logs a member in over HTTPS; the slider is passed through the core.
func (b *tlsBrowser) login(f *fixture, account string) response {
	b.t.Helper()
	form := url.Values{"login": {account}, "password": {goodPass}, "captcha_token": {f.env.PassCaptcha(b.t, captcha.PurposeLogin)},
		"csrf_token": {b.csrf()}}
	return b.do(httpsRequest(http.MethodPost, "/login", form))
}

// TestSessionCookieOverHTTPS: over HTTPS the session cookie is
// __Host-member_session — Secure, Path=/, no Domain — and works for the portal;
// the plain name is not set.
func TestSessionCookieOverHTTPS(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "前缀公司", "host-prefix@example.com")
	b := newTLSBrowser(t, f)
	res := b.login(f, "前缀公司")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	c := res.cookie(secureCookie)
	require.NotNil(t, c)
	assert.True(t, c.Secure)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, "/", c.Path)
	assert.Empty(t, c.Domain)
	assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	assert.Nil(t, res.cookie(cookieName), "no plain-named cookie over HTTPS")
	assert.Equal(t, http.StatusOK, b.do(httpsRequest(http.MethodGet, "/member", nil)).Status)

	// 退出 ends it and clears the cookie.
	out := b.do(httpsRequest(http.MethodPost, "/logout", url.Values{"csrf_token": {b.csrf()}}))
	require.Equal(t, http.StatusSeeOther, out.Status)
	gone := out.cookie(secureCookie)
	require.NotNil(t, gone)
	assert.Negative(t, gone.MaxAge)
	assert.True(t, gone.Secure, "a __Host- cookie is only removed by a Secure one")
	b.cookies[secureCookie] = c.Value
	assert.Equal(t, http.StatusSeeOther, b.do(httpsRequest(http.MethodGet, "/member", nil)).Status, "the session ended")
}

// TestSessionCookieSwitchToHTTPS: a session started under the plain name (plain
// HTTP, or before the prefix) is still accepted over HTTPS; a new login there
// ends it and removes the plain cookie.
func TestSessionCookieSwitchToHTTPS(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "切换公司", "switch@example.com")
	plain := f.browser(t)
	require.Equal(t, http.StatusSeeOther, plain.login("切换公司", goodPass, false).Status)
	var old string
	for _, c := range plain.jar.Cookies(plain.u) {
		if c.Name == cookieName {
			old = c.Value
		}
	}
	require.NotEmpty(t, old)

	b := newTLSBrowser(t, f)
	b.cookies[cookieName] = old
	require.Equal(t, http.StatusOK, b.do(httpsRequest(http.MethodGet, "/member", nil)).Status, "accepted on read")

	res := b.login(f, "切换公司")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.NotNil(t, res.cookie(secureCookie))
	if c := res.cookie(cookieName); assert.NotNil(t, c, "the plain cookie is removed") {
		assert.Negative(t, c.MaxAge)
	}
	_, err := f.env.App.Queries.CurrentSession.Handle(context.Background(), old)
	assert.Error(t, err, "the session of before ended: one browser, one session")
	assert.Equal(t, http.StatusOK, b.do(httpsRequest(http.MethodGet, "/member", nil)).Status)
}
