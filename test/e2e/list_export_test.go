package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/membershiptest"
)

// TestBrowserExportSelectedAndJob: a staff member filters 会员管理, ticks three
// members and takes 「导出所选」 (the form posted from the page with its ticks
// gives the three rows), then 「导出 CSV」 of the filtered list, which is over
// the background threshold (set to 2 here): the page turns into 导出任务, whose
// progress follows the job until 下载 appears; the file is the list. Screens
// at 1280 and 390 px.
func TestBrowserExportSelectedAndJob(t *testing.T) {
	requireBrowser(t)
	s := startSite(t, membershiptest.WithConfig(func(c *membership.Config) { c.Exports.BackgroundAbove = 2 }))
	seedThreeMembers(t, s)
	s.env.CreateStaff(t, "secretariat1", "secretariat", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "secretariat1", "staff12345")
	b.desktop(t)

	b.open(t, "/admin/members?kind=enterprise&sort=name")
	run(t, b, "tick three", chromedp.Evaluate[bool](`document.querySelectorAll("input[name=ids][form=export-selected]").forEach(c => c.click()), true`))
	ticked := run(t, b, "count ticks", chromedp.Evaluate[int](
		`document.querySelectorAll('input[name=ids][form=export-selected]:checked').length`))
	if ticked != 3 {
		t.Fatalf("%d members ticked", ticked)
	}
	b.screenshot(t, "export_selected_desktop.png")
	csv := run(t, b, "导出所选", chromedp.Evaluate[string](`(() => {
		const f = document.getElementById('export-selected');
		const body = new URLSearchParams(new FormData(f));
		body.set('format', 'csv');
		return fetch(f.action, {method: 'POST', body}).then(r => r.text());
	})()`, chromedp.EvalAwaitPromise))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 4 || !strings.Contains(csv, "中国质量协会") || !strings.Contains(csv, "北京华信科技有限公司") {
		t.Fatalf("导出所选 gave %q", csv)
	}

	// The filtered list (three rows) is over the threshold: a background job.
	page := b.clickAndLoad(t, "导出 CSV", "#export-csv")
	if page != "/admin/exports" {
		t.Fatalf("导出 CSV went to %s", page)
	}
	// The page follows the job by itself (export_jobs.js), without reloads.
	run(t, b, "job done", chromedp.Poll[bool](
		`(document.querySelector('#export-jobs') || {textContent: ''}).textContent.includes('已完成')`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if got := b.text(t, "#export-jobs"); !strings.Contains(got, "会员名单") || !strings.Contains(got, "100%（3 / 3 条）") {
		t.Fatalf("导出任务 shows %q", got)
	}
	file := run(t, b, "下载", chromedp.Evaluate[string](
		`fetch(document.querySelector('#export-jobs a[download]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if n := len(strings.Split(strings.TrimSpace(file), "\n")); n != 4 {
		t.Fatalf("the job's file has %d lines: %q", n, file)
	}
	b.screenshot(t, "export_jobs_desktop.png")
	b.phone(t, "export_jobs_phone.png")
	b.open(t, "/admin/members?kind=enterprise&sort=name")
	b.phone(t, "export_selected_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
