package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRaiseToCouncil: an admin raises a member to 理事 with the 文号 on
// the member detail (a missing 文号 first: the field says so), the timeline
// shows the change, and the member's 缴纳会费 page then asks ¥10000 a year; at
// 390 px neither page scrolls sideways.
func TestBrowserRaiseToCouncil(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	seedThreeMembers(t, s)
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")
	found, err := s.env.Module.Ports().Members.FindForLogin(context.Background(), "19000001")
	if err != nil || len(found) != 1 {
		t.Fatalf("member 19000001: %v %d", err, len(found))
	}
	detail := "/admin/members/" + found[0].ID()

	admin := newBrowser(t, s.url)
	admin.staffLogin(t, "admin1", "staff12345")
	admin.open(t, detail)
	admin.choose(t, "f-level", "理事")
	admin.fillArea(t, "f-level-reason", "第五届理事会第三次会议增补为理事")
	admin.clickAndLoadStatus(t, "调整级别 without 文号", "#change-level", 422)
	if got := admin.fieldError(t, "f-doc-no"); got != "请填写文号" {
		t.Fatalf("文号 error: %q", got)
	}
	admin.fill(t, [2]string{"f-doc-no", "质协〔2024〕8号"})
	if p := admin.clickAndLoad(t, "调整级别", "#change-level"); p != detail {
		t.Fatalf("调整级别 led to %s", p)
	}
	if got := admin.text(t, ".alert--success"); !strings.Contains(got, "会员级别已调整") {
		t.Fatalf("notice: %q", got)
	}
	if got := admin.text(t, ".timeline"); !strings.Contains(got, "会员级别由「普通会员」调整为「理事」（文号 质协〔2024〕8号）") {
		t.Fatalf("timeline: %q", got)
	}
	admin.screenshot(t, "registry_level_admin.png")
	admin.phone(t, "registry_level_admin_phone.png")

	m := newBrowser(t, s.url)
	m.login(t, "中国质量协会", "abc12345")
	if got := strings.Join(strings.Fields(m.text(t, ".info-grid")), ""); !strings.Contains(got, "会员类型:理事") {
		t.Errorf("会员首页 会员类型: %q", got)
	}
	m.open(t, "/member/fees")
	if got := m.text(t, "#fee-due"); !strings.Contains(got, "¥10000/年") {
		t.Fatalf("fee page: %q", got)
	}
	m.screenshot(t, "registry_level_fees.png")
	m.phone(t, "registry_level_fees_phone.png")
	for _, b := range []*browser{admin, m} {
		if errs := b.uncaught(); len(errs) > 0 {
			t.Errorf("uncaught page errors: %v", errs)
		}
	}
}

// phone reloads the page at 390 px, checks it does not scroll sideways and
// saves a screenshot.
func (b *browser) phone(t *testing.T, name string) {
	t.Helper()
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch),
		chromedp.Reload())
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("%s: at 390 px the page is %d px wide", name, w)
	}
	b.screenshot(t, name)
}
