package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// TestBrowserAuditLog: a reviewer approves an application in the back office;
// the admin opens 操作日志 from the left menu and sees the approval with who,
// from where and on which member, narrows it with the action filter (kept in
// the URL), opens the member and reads on its timeline who approved it; on a
// 390 px phone the log's table scrolls inside its card.
func TestBrowserAuditLog(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	id := s.env.RegisterMember(t, "enterprise", "中国质量协会", "quality@example.com", "abc12345")
	require.NoError(t, s.env.Module.Ports().Members.Update(context.Background(), id,
		func(_ context.Context, m *member.Member) error { return membertest.Submit(m, time.Now()) }))
	s.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")

	b := newBrowser(t, s.url)
	b.staffLogin(t, "reviewer1", "staff12345")
	b.open(t, "/admin/applications/"+id)
	b.clickAndLoad(t, "审核通过", `form[action$="/approve"] button[type="submit"]`)
	b.open(t, "/admin/audit")
	b.expectText(t, "#page-title", "我的操作记录")
	b.expectText(t, ".table--audit", "入会申请审核通过")
	b.staffLogout(t)

	b.staffLogin(t, "admin1", "staff12345")
	if p := b.clickAndLoad(t, "操作日志", `.sidemenu a[href="/admin/audit"]`); p != "/admin/audit" {
		t.Fatalf("操作日志 led to %s", p)
	}
	b.expectText(t, "#page-title", "操作日志")
	row := b.text(t, ".table--audit tbody tr:first-child")
	for _, want := range []string{"reviewer1", "工作人员", "127.0.0.1", "入会申请审核通过", "中国质量协会"} {
		if !strings.Contains(row, want) {
			t.Errorf("the newest entry %q lacks %q", row, want)
		}
	}
	b.choose(t, "f-action", "application.approve")
	b.clickAndLoad(t, "筛选", `form.member-filters button[type="submit"]`)
	if loc := run(t, b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/admin/audit?action=application.approve") {
		t.Fatalf("the filter is not in the URL: %s", loc)
	}
	b.expectText(t, "#list-title", "共 1 条操作记录")
	b.screenshot(t, "audit_log.png")

	if p := b.clickAndLoad(t, "the member", `.table--audit a[href^="/admin/members/"]`); p != "/admin/members/"+id {
		t.Fatalf("the member's link led to %s", p)
	}
	b.expectText(t, ".timeline", "操作人：工作人员 reviewer1")
	b.screenshot(t, "audit_member_timeline.png")

	b.checkAuditOnAPhone(t)
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// checkAuditOnAPhone opens 操作日志 at 390 px: the page does not scroll
// sideways, the table scrolls inside its card.
func (b *browser) checkAuditOnAPhone(t *testing.T) {
	t.Helper()
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.open(t, "/admin/audit")
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone 操作日志 is %d px wide: it scrolls sideways", w)
	}
	inside := run(t, b, "table scrolls", chromedp.Evaluate[bool](
		`(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth; })()`))
	if !inside {
		t.Error("the audit table does not scroll inside its card")
	}
	b.screenshot(t, "audit_phone.png")
}
