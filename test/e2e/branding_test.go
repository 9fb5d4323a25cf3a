package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// TestBrowserBranding: the admin renames the association, picks colours, fills
// the footer's 备案 lines and uploads a logo in 网站设置; the public home shows
// them (header logo, colours, footer links), at 1280 px and 390 px.
func TestBrowserBranding(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "admin12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "admin12345")

	b.open(t, "/admin/settings/site")
	b.fill(t, [2]string{"f-name", "某某行业协会"}, [2]string{"f-short-name", "某协"},
		[2]string{"f-icp", "京ICP备12345678号"}, [2]string{"f-psb", "京公网安备 11010502030000号"},
		[2]string{"f-phone", "010-12345678"})
	b.do(t, "colours", chromedp.SetValue(chromedp.ID("f-primary"), "#1d6f42"),
		chromedp.SetValue(chromedp.ID("f-accent"), "#c0392b"))
	b.clickAndLoad(t, "保存设置", `form[action="/admin/settings/site"] button[type="submit"]`)
	b.expectText(t, ".alert--success", "网站设置已保存")
	b.do(t, "choose logo", chromedp.SetUploadFiles(chromedp.ID("f-logo"), []string{logoFile(t)}, chromedp.NodeReady))
	b.clickAndLoad(t, "上传标志", `form[action="/admin/settings/site/logo"] button[type="submit"]`)
	b.expectText(t, ".alert--success", "协会标志已更新")
	b.screenshot(t, "branding_settings.png")
	b.staffLogout(t)

	b.open(t, "/")
	b.expectText(t, ".brand__name", "某某行业协会")
	b.expectText(t, ".footer", "京ICP备12345678号")
	if w, _ := b.imageShown(t, ".brand__logo"); w == 0 {
		t.Fatal("the header shows no logo")
	}
	bg := run(t, b, "header colour", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.topbar')).backgroundColor`))
	if !strings.Contains(bg, "29, 111, 66") {
		t.Errorf("the header's colour is %s, not #1d6f42", bg)
	}
	b.screenshot(t, "branding_home.png")
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.open(t, "/")
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone the home is %d px wide", w)
	}
	b.screenshot(t, "branding_home_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// logoFile writes a small PNG logo to upload.
func logoFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "logo.png")
	require.NoError(t, os.WriteFile(p, membershiptest.PNG(t, 96, 96), 0o600))
	return p
}
