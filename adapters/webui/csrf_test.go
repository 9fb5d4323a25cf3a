package webui_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSRF(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "防伪公司", "csrf@example.com")

	form := func(b *browser) url.Values {
		return url.Values{"login": {"防伪公司"}, "password": {goodPass}, "captcha_token": {b.solveCaptcha("login")}}
	}
	tests := []struct {
		name  string
		token func(b *browser) string
		hdr   http.Header
	}{
		{"token missing", func(*browser) string { return "" }, nil},
		{"token wrong", func(*browser) string { return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, nil},
		{"cross-site origin", (*browser).csrf, http.Header{"Origin": {"https://evil.example"}}},
		{"cross-site fetch metadata", (*browser).csrf, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t)
			v := form(b)
			if tok := tc.token(b); tok != "" {
				v.Set("csrf_token", tok)
			}
			res := b.postRaw("/login", v, tc.hdr)
			require.Equal(t, http.StatusForbidden, res.Status)
			assert.Contains(t, res.Body, "请求已失效，请刷新页面后重试")
			assert.Nil(t, res.cookie(cookieName), "nothing was done")

			// The slider pass was not spent: the same form goes through with the token.
			v.Set("csrf_token", b.csrf())
			ok := b.postRaw("/login", v, nil)
			assert.Equal(t, http.StatusSeeOther, ok.Status)
		})
	}

	t.Run("same-origin request with token passes", func(t *testing.T) {
		b := f.browser(t)
		v := form(b)
		v.Set("csrf_token", b.csrf())
		res := b.postRaw("/login", v, http.Header{"Origin": {"http://member.test"}, "Sec-Fetch-Site": {"same-origin"}})
		assert.Equal(t, http.StatusSeeOther, res.Status)
	})

	t.Run("no cookie at all", func(t *testing.T) {
		b := f.browser(t)
		res := b.postRaw("/register", url.Values{"csrf_token": {"x"}, "email": {"a@example.com"}}, nil)
		assert.Equal(t, http.StatusForbidden, res.Status)
	})

	t.Run("logout without token keeps the session", func(t *testing.T) {
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("防伪公司", goodPass, false).Status)
		res := b.postRaw("/logout", url.Values{}, nil)
		require.Equal(t, http.StatusForbidden, res.Status)
		assert.Equal(t, http.StatusOK, b.get("/member").Status)
	})

	t.Run("captcha endpoints", func(t *testing.T) {
		b := f.browser(t)
		res := b.postJSON("/captcha/new", nil, "-")
		require.Equal(t, http.StatusForbidden, res.Status)
		assert.JSONEq(t, `{"error":{"code":"csrf_failed","message":"请求已失效，请刷新页面后重试"}}`, res.Body)
		res = b.postJSON("/captcha/verify", map[string]any{"id": "x", "x": 1, "duration_ms": 800}, "wrong")
		assert.Equal(t, http.StatusForbidden, res.Status)
	})
}
