package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

func siteValues() url.Values {
	return url.Values{"name": {"某某行业协会"}, "short_name": {"某协"}, "primary": {"#1d6f42"},
		"accent": {"#c0392b"}, "address": {"北京市海淀区某路1号"}, "phone": {"010-12345678"},
		"email": {"office@example.org"}, "icp": {"京ICP备12345678号"}, "icp_link": {"https://beian.miit.gov.cn/"},
		"psb": {"京公网安备 11010502030000号"}, "psb_link": {"https://beian.mps.gov.cn/"}}
}

func TestAdminBrandsTheSite(t *testing.T) {
	t.Parallel()
	f := setup(t)
	admin := f.staffBrowser(t, "admin-site", "admin")
	res := admin.get("/admin/settings/site")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "网站设置")

	bad := siteValues()
	bad.Set("primary", "red")
	bad.Set("icp_link", "javascript:alert(1)")
	res = admin.postForm("/admin/settings/site", bad)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, fieldErrorOf(res.Body, "f-primary"), "#RRGGBB")
	assert.Contains(t, fieldErrorOf(res.Body, "f-icp-link"), "https://")

	res = admin.postForm("/admin/settings/site", siteValues())
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	token := admin.csrf()
	res = admin.upload("/admin/settings/site/logo", token, []filePart{{"logo", "logo.svg",
		[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}}, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "不支持SVG")
	res = admin.upload("/admin/settings/site/logo", token, []filePart{{"logo", "logo.png",
		membershiptest.PNG(t, 64, 64)}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	home := f.browser(t).get("/")
	assert.Contains(t, home.Body, "某某行业协会")
	assert.Contains(t, home.Body, `<img class="brand__logo" src="/site/logo?v=`)
	assert.Contains(t, home.Body, `href="https://beian.miit.gov.cn/"`)
	assert.Contains(t, home.Body, "京公网安备 11010502030000号")
	assert.Contains(t, home.Body, `href="/site/theme.css?v=1d6f42c0392b"`)
	css := f.browser(t).get("/site/theme.css?v=1d6f42c0392b")
	assert.Contains(t, css.Body, "--blue: #1d6f42;")
	logo := f.browser(t).get("/site/logo")
	assert.Equal(t, "image/png", logo.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(logo.Body, "\x89PNG"))

	ed := f.staffBrowser(t, "editor-site", "editor")
	assert.Equal(t, http.StatusForbidden, ed.get("/admin/settings/site").Status)
}
