package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/httpapi"
	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// registrationEnglish is the English of a bad registration's messages, given
// as overrides so that the test does not hang on the shipped wording.
var registrationEnglish = map[string]string{
	"请输入有效的邮箱地址":         "Enter a valid email address",
	"密码至少6位，且须同时包含字母和数字": "At least 6 characters, with letters and digits",
	"两次输入的密码不一致":         "The passwords do not match",
	"提交的信息有误，请检查后重试":     "Some of the information is wrong; please check it and try again",
}

// newLocalizedAPI is newTestAPI with a string catalog (WithCatalog).
func newLocalizedAPI(t *testing.T, cat *i18n.Catalog, opts ...membershiptest.Option) *testAPI {
	t.Helper()
	a := newTestAPI(t, opts...)
	logger := slog.New(slog.NewJSONHandler(a.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	noRoute := func(w http.ResponseWriter, _ bunrouter.Request) error {
		w.WriteHeader(noRouteStatus)
		return nil
	}
	r := bunrouter.New(bunrouter.Use(httpmw.Chain(httpmw.Options{Logger: logger})),
		bunrouter.WithNotFoundHandler(noRoute), bunrouter.WithMethodNotAllowedHandler(noRoute))
	r.WithGroup("/api/v1", httpapi.New(a.env.App, logger, httpapi.WithCatalog(cat)).Register)
	a.router = r
	return a
}

// fieldMessages returns field → message of an error body.
func (r reply) fieldMessages() map[string]string {
	out := map[string]string{}
	e, _ := r.object()["error"].(map[string]any)
	list, _ := e["fields"].([]any)
	for _, f := range list {
		fe := f.(map[string]any)
		out[fe["field"].(string)] = fe["message"].(string)
	}
	return out
}

// An invalid request asked in English is refused in English, field by field;
// asked without a language, in Chinese (the codes the same).
func TestErrorsInTheRequestsLanguage(t *testing.T) {
	t.Parallel()
	cat, err := i18n.New()
	require.NoError(t, err)
	cat.SetOverrides(map[string]map[string]string{i18n.English: registrationEnglish})
	a := newLocalizedAPI(t, cat)
	bad := func(header http.Header) reply {
		body := a.registration("enterprise", "not-an-email", "新企业有限公司")
		body["password"], body["password_confirm"] = "ab1", "ab2"
		return a.do(call{Method: http.MethodPost, Path: "/members", Body: body, Header: header})
	}
	en := bad(http.Header{"Accept-Language": {"fr-FR, en-GB;q=0.9, zh-CN;q=0.5"}})
	require.Equal(t, http.StatusUnprocessableEntity, en.Status, string(en.Body))
	assert.Equal(t, "en", en.Header.Get("Content-Language"))
	assert.Contains(t, en.Header.Values("Vary"), "Accept-Language")
	assert.Equal(t, map[string]string{"email": "Enter a valid email address",
		"password":         "At least 6 characters, with letters and digits",
		"password_confirm": "The passwords do not match"}, en.fieldMessages())
	assert.Equal(t, "Some of the information is wrong; please check it and try again",
		en.object()["error"].(map[string]any)["message"])
	assert.Equal(t, "email_invalid", en.fields()["email"], "the codes stay")

	for _, header := range []http.Header{nil, {"Accept-Language": {"zh-CN,zh;q=0.9,en;q=0.8"}}, {"Accept-Language": {"de"}}} {
		zh := bad(header)
		assert.Equal(t, "zh-CN", zh.Header.Get("Content-Language"), "%v", header)
		assert.Equal(t, map[string]string{"email": "请输入有效的邮箱地址", "password": "密码至少6位，且须同时包含字母和数字",
			"password_confirm": "两次输入的密码不一致"}, zh.fieldMessages(), "%v", header)
	}
	// A browser's call from the English pages (the lang cookie) is answered in English.
	cookie := bad(http.Header{"Cookie": {"lang=en"}, "Accept-Language": {"zh-CN"}})
	assert.Equal(t, "The passwords do not match", cookie.fieldMessages()["password_confirm"])
}

// The labels the API writes in a success answer are in the request's language;
// the data (codes, values) is not.
func TestLabelsInTheRequestsLanguage(t *testing.T) {
	t.Parallel()
	cat, err := i18n.New()
	require.NoError(t, err)
	a := newLocalizedAPI(t, cat)
	zh := a.do(call{Method: http.MethodGet, Path: "/application-options"})
	require.Equal(t, http.StatusOK, zh.Status, string(zh.Body))
	first := zh.object()["provinces"].([]any)[0].(map[string]any)
	label := first["label"].(string)
	cat.SetOverrides(map[string]map[string]string{i18n.English: {label: "Translated " + label}})
	en := a.do(call{Method: http.MethodGet, Path: "/application-options", Header: http.Header{"Accept-Language": {"en"}}})
	got := en.object()["provinces"].([]any)[0].(map[string]any)
	assert.Equal(t, "Translated "+label, got["label"])
	assert.Equal(t, first["code"], got["code"], "codes stay")
	assert.Equal(t, len(zh.object()), len(en.object()))
}

// localePDF is a renderer that writes the locale it was asked to draw in.
type localePDF struct{}

func (localePDF) RenderForm(ctx context.Context, _ ports.FormDocument) ([]byte, error) {
	return []byte("%PDF-1.4\n% locale " + i18n.FromContext(ctx) + "\n%%EOF\n"), nil
}

// A document the API sends is drawn in the request's language: the locale
// travels through the core to the renderer.
func TestDocumentsInTheRequestsLanguage(t *testing.T) {
	t.Parallel()
	cat, err := i18n.New()
	require.NoError(t, err)
	a := newLocalizedAPI(t, cat, membershiptest.WithModuleOption(membership.WithDocumentRenderer(localePDF{})))
	_, token := a.readyToSubmit(t, "pdf-en@example.com", "英文表格科技公司", false)
	for lang, want := range map[string]string{"en": "% locale en", "": "% locale zh-CN"} {
		r := a.do(call{Method: http.MethodGet, Path: "/me/application/pdf", Token: token,
			Header: http.Header{"Accept-Language": {lang}}})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), want)
	}
}

// 文字替换 through the API: the admin reads and replaces the lines of a
// locale; a bad line is refused on its field with nothing stored; others may
// not.
func TestSiteTexts(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("texts-admin", "admin")
	put := func(token string, body map[string]any) reply {
		return a.do(call{Method: http.MethodPut, Path: "/settings/site/texts", Token: token, Body: body})
	}
	r := put(admin, map[string]any{"texts_zh": "会员管理 = 会籍管理\n", "texts_en": "会员管理 = Membership\n"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "会员管理 = 会籍管理\n", r.str("texts_zh"))

	r = put(admin, map[string]any{"texts_en": "会员管理 Membership"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, map[string]string{"texts_en": "invalid"}, r.fields())
	assert.Contains(t, r.fieldMessages()["texts_en"], "第 1 行")

	r = put(admin, map[string]any{"texts_en": ""}) // the Chinese lines stay
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	got := a.do(call{Method: http.MethodGet, Path: "/settings/site/texts", Token: admin})
	assert.Equal(t, "会员管理 = 会籍管理\n", got.str("texts_zh"))
	assert.Empty(t, got.str("texts_en"))

	editor := a.staffToken("texts-editor", "editor")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/settings/site/texts", Token: editor}).Status)
	assert.Equal(t, http.StatusForbidden, put(editor, map[string]any{"texts_zh": ""}).Status)
}
