package membership_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
)

// get asks the module's handler for path with an Accept-Language.
func get(t *testing.T, h http.Handler, path, acceptLanguage string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://member.test"+path, nil)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, err := io.ReadAll(rec.Result().Body)
	require.NoError(t, err)
	return rec.Result(), string(body)
}

// The embedder's Config.Texts reach every edge from the one catalog: the
// pages in both languages and the API's messages.
func TestEmbedderTexts(t *testing.T) {
	t.Parallel()
	texts := map[string]map[string]string{
		"zh-CN": {"加入会员": "申请入会"},
		"en":    {"加入会员": "Become a member", "请求的接口不存在": "No such endpoint"},
	}
	m, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test", Texts: texts})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	_, zh := get(t, m.Handler(), "/", "")
	assert.Contains(t, zh, "申请入会")
	assert.NotContains(t, zh, ">加入会员<")
	_, en := get(t, m.Handler(), "/?lang=en", "")
	assert.Contains(t, en, "Become a member")
	res, api := get(t, m.Handler(), "/api/v1/no-such-thing", "en")
	assert.Equal(t, "en", res.Header.Get("Content-Language"))
	assert.Contains(t, api, "No such endpoint")

	_, err = membership.New(membership.Config{DataDir: t.TempDir(), Texts: map[string]map[string]string{"fr": {"a": "b"}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown locale "fr"`)
}

// Without -accept-language the pages stay Chinese for a browser asking for
// English, until the visitor chooses English; with it they follow the browser.
func TestAcceptLanguageIsOptIn(t *testing.T) {
	t.Parallel()
	texts := map[string]map[string]string{"en": {"加入会员": "Become a member"}}
	m, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test", Texts: texts})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	_, page := get(t, m.Handler(), "/", "en")
	assert.Contains(t, page, "加入会员")
	assert.False(t, strings.Contains(page, "Become a member"))
	_, page = get(t, m.Handler(), "/?lang=en", "")
	assert.Contains(t, page, "Become a member", "?lang=en chooses English")

	m2, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test", Texts: texts,
		AcceptLanguage: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m2.Close() })
	_, page = get(t, m2.Handler(), "/", "en")
	assert.Contains(t, page, "Become a member")
}
