package webui_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// postTexts sends 文字替换's form (multipart) with the given lines, in
// English when en is set.
func (b *browser) postTexts(zh, en string, hdr http.Header) response {
	b.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(b.tb, mw.WriteField("csrf_token", b.csrf()))
	require.NoError(b.tb, mw.WriteField("texts_zh", zh))
	require.NoError(b.tb, mw.WriteField("texts_en", en))
	require.NoError(b.tb, mw.Close())
	req := httptest.NewRequest(http.MethodPost, siteURL+"/admin/settings/site/texts", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	return b.do(req)
}

// getIn gets path as a browser asking for acceptLanguage whose visitor chose
// English (the lang cookie) when that is English: the pages follow
// Accept-Language only when the association turns it on.
func (b *browser) getIn(path, acceptLanguage string) response {
	b.tb.Helper()
	req := httptest.NewRequest(http.MethodGet, siteURL+path, nil)
	req.Header.Set("Accept-Language", acceptLanguage)
	if strings.HasPrefix(acceptLanguage, "en") {
		req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	}
	return b.do(req)
}

// The admin's 文字替换: an override of 「会员管理」 shows in the menu at once, in
// Chinese and (its own line) in English; bad lines are refused on their field
// with nothing stored; the change is in the audit log.
func TestAdminReplacesTexts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	admin := f.staffBrowser(t, "admin-texts", "admin")
	page := admin.get("/admin/settings/site")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "文字替换")
	assert.Contains(t, page.Body, ">会员管理<")

	res := admin.postTexts("会员管理 = 会籍管理\n\n网站设置 = 站点设置\n", "会员管理 = Membership register\n", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = admin.get(res.location())
	assert.Contains(t, page.Body, ">会籍管理<", "the menu says the association's word")
	assert.NotContains(t, page.Body, ">会员管理<")
	assert.Contains(t, page.Body, "站点设置", "template text too")
	assert.Contains(t, page.Body, "文字替换已保存并生效")
	assert.Contains(t, html.UnescapeString(page.Body), "会员管理 = 会籍管理\n网站设置 = 站点设置\n",
		"the textarea shows the stored lines")
	en := admin.getIn("/admin/settings/site", "en")
	assert.Contains(t, en.Body, ">Membership register<", "the English override shows in English")
	assert.NotContains(t, en.Body, ">会籍管理<", "the Chinese replacement is for the Chinese pages")

	for _, tc := range []struct{ zh, en, field, want string }{
		{"会员管理 会籍管理", "", "f-texts-zh", "第 1 行应为「原文 = 替换文字」格式"},
		{"会员管理 = 会籍管理", "\n = Members", "f-texts-en", "第 2 行缺少原文"},
		{"会员管理 = 会籍管理\n会员管理 = 会员名册", "", "f-texts-zh", "第 2 行的原文与第 1 行重复"},
		{strings.Repeat("甲 = 乙\n", 501), "", "f-texts-zh", "不能超过 500 行"},
		{strings.Repeat("很长的原文", 5000) + " = 乙", "", "f-texts-zh", "不能超过 64 KB"},
	} {
		res := admin.postTexts(tc.zh, tc.en, nil)
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, tc.want)
		assert.Contains(t, fieldErrorOf(res.Body, tc.field), tc.want)
	}
	page = admin.get("/admin/settings/site")
	assert.Contains(t, page.Body, ">会籍管理<", "nothing stored from a refused form")
	assert.NotContains(t, page.Body, "会员名册")

	entries, _, err := f.env.Module.Ports().Audit.List(context.Background(),
		ports.AuditQuery{Action: audit.SiteSettingsUpdate})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "修改文字替换", entries[0].Summary)
	require.Len(t, entries[0].Changes, 2)
	assert.Equal(t, "会员管理 = Membership register\n", entries[0].Changes[1].After)

	// Emptied, the shipped wording is back; the branding form keeps the texts.
	require.Equal(t, http.StatusSeeOther, admin.postForm("/admin/settings/site", siteValues()).Status)
	assert.Contains(t, admin.get("/admin/settings/site").Body, ">会籍管理<")
	require.Equal(t, http.StatusSeeOther, admin.postTexts("", "", nil).Status)
	assert.Contains(t, admin.get("/admin/settings/site").Body, ">会员管理<")
}

// localeRecorder is a renderer that keeps the locale of each render.
type localeRecorder struct {
	mu      sync.Mutex
	locales []string
}

func (r *localeRecorder) RenderForm(ctx context.Context, _ ports.FormDocument) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.locales = append(r.locales, i18n.FromContext(ctx))
	return []byte("%PDF-1.4\n%%EOF\n"), nil
}

// 「前往下载文件」 draws the form in the language the page is shown in: the
// browser's Accept-Language, or the visitor's choice.
func TestFormPDFInThePagesLanguage(t *testing.T) {
	t.Parallel()
	rec := &localeRecorder{}
	f := &appFixture{fixture: setup(t, membershiptest.WithModuleOption(membership.WithDocumentRenderer(rec)))}
	_, b := f.member(t, "enterprise", "语言公司", "pdf-lang@example.com")
	toStepThree(t, b, "语言公司")
	require.Equal(t, http.StatusOK, b.getIn("/member/application/pdf", "en-GB,en;q=0.8").Status)
	require.Equal(t, http.StatusOK, b.getIn("/member/application/pdf", "zh-CN").Status)
	require.Equal(t, http.StatusSeeOther, b.get("/lang/en?next=/member").Status)
	require.Equal(t, http.StatusOK, b.getIn("/member/application/pdf", "zh-CN").Status)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, []string{"en", "zh-CN", "en"}, rec.locales)
}
