package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMemberExport: a finance staff member filters 会员管理 and takes
// 「导出 CSV」 and 「导出 Excel」: each link carries the list's filters and
// answers with the file of the filtered members (fetched in the page with the
// staff session); the page's header keeps its buttons inside 390 px.
func TestBrowserMemberExport(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	seedThreeMembers(t, s)
	s.env.CreateStaff(t, "finance1", "finance", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "finance1", "staff12345")

	b.open(t, "/admin/members?q=zgzl")
	href := b.jsAttr(t, "#export-csv", "href")
	if !strings.HasSuffix(href, "/admin/members/export?format=csv&q=zgzl") {
		t.Fatalf("the CSV link is %s", href)
	}
	csv := run(t, b, "fetch csv", chromedp.Evaluate[string](
		`fetch(document.querySelector('#export-csv').href).then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "中国质量协会") {
		t.Fatalf("the CSV of the filtered list: %q", csv)
	}
	ctype := run(t, b, "fetch xlsx", chromedp.Evaluate[string](
		`fetch(document.querySelector('#export-xlsx').href).then(r => r.status + ' ' + r.headers.get('content-type'))`,
		chromedp.EvalAwaitPromise))
	if ctype != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("the Excel export answers %q", ctype)
	}
	b.screenshot(t, "export_desktop.png")
	b.phone(t, "export_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
