package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdminInEnglish: an admin switches the back office to English
// (the footer's English link): 统计报表 and 工作人员管理 show their words in
// English, the page says lang="en", and at 390 px the reports page does not
// scroll sideways.
func TestBrowserAdminInEnglish(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")
	s.env.ActiveMember(t, "enterprise", "英文测试有限公司", "english@example.com")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "staff12345")

	b.open(t, "/lang/en?next=/admin/reports")
	if lang := run(t, b, "html lang", chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Fatalf("<html lang> is %q", lang)
	}
	if got := b.text(t, "#renewals-title"); got != "Renewals and churn" {
		t.Errorf("the renewals card's title: %q", got)
	}
	if got := b.text(t, "main"); !strings.Contains(got, "Active members by category") {
		t.Errorf("the reports page in English: %q", truncate(got, 400))
	}
	b.screenshot(t, "admin_reports_en.png")

	b.open(t, "/admin/staff")
	if got := b.text(t, "main"); !strings.Contains(got, "4 staff accounts") || !strings.Contains(got, "Create account") {
		t.Errorf("the staff accounts in English: %q", truncate(got, 400))
	}
	b.screenshot(t, "admin_staff_en.png")

	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.open(t, "/admin/reports")
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone the English reports page is %d px wide", w)
	}
	b.screenshot(t, "admin_reports_en_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
