package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStaffAdmin: an admin opens 工作人员管理, is refused a weak
// password with the field's message, creates a finance account, opens it and
// disables it; the list shows it 已停用. At 390 px the page does not scroll
// sideways: the list's table scrolls inside its card.
func TestBrowserStaffAdmin(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "staff12345")

	b.open(t, "/admin/staff")
	create := `form[action="/admin/staff"] button[type="submit"]`
	b.fill(t, [2]string{"f-username", "wang"}, [2]string{"f-display-name", "王会计"},
		[2]string{"f-email", "wang@example.com"}, [2]string{"f-password", "short1"},
		[2]string{"f-password-confirm", "short1"})
	b.choose(t, "f-role", "finance")
	b.clickAndLoadStatus(t, "新建账号 (weak password)", create, 422)
	if got := b.text(t, "#f-password-error"); !strings.Contains(got, "至少10位") {
		t.Fatalf("weak password message: %q", got)
	}
	b.screenshot(t, "staff_create_error.png")
	b.fill(t, [2]string{"f-password", "finance2026x"}, [2]string{"f-password-confirm", "finance2026x"})
	b.clickAndLoad(t, "新建账号", create)
	if got := b.text(t, ".alert--success"); !strings.Contains(got, "工作人员账号已创建") {
		t.Fatalf("notice: %q", got)
	}
	if got := b.text(t, `tr[data-staff="wang"]`); !strings.Contains(got, "财务") || !strings.Contains(got, "正常") {
		t.Fatalf("the new account's row: %q", got)
	}
	b.screenshot(t, "staff_list.png")

	b.open(t, urlPath(b.jsAttr(t, `tr[data-staff="wang"] a`, "href")))
	b.clickAndLoad(t, "停用账号", `form[action$="/disable"] button`)
	if got := b.text(t, ".alert--success"); !strings.Contains(got, "账号已停用") {
		t.Fatalf("notice: %q", got)
	}
	b.screenshot(t, "staff_account_disabled.png")
	b.open(t, "/admin/staff")
	if got := b.text(t, `tr[data-staff="wang"]`); !strings.Contains(got, "已停用") {
		t.Fatalf("the disabled account's row: %q", got)
	}

	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.open(t, "/admin/staff")
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone 工作人员管理 is %d px wide: it scrolls sideways", w)
	}
	b.screenshot(t, "staff_list_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// TestBrowserMemberAccountHelp: a reviewer opens a member in 会员管理, sends it
// a reset link from the 账号协助 card and is told so; the card fits a 390 px
// phone.
func TestBrowserMemberAccountHelp(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	seedThreeMembers(t, s)
	s.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "reviewer1", "staff12345")

	b.open(t, "/admin/members?q=zgzl")
	b.open(t, urlPath(b.jsAttr(t, ".table--members a", "href")))
	b.clickAndLoad(t, "发送重置密码链接", `form[action$="/help/reset-link"] button`)
	if got := b.text(t, "#account-help .alert--success"); !strings.Contains(got, "重置密码链接已发送") {
		t.Fatalf("notice: %q", got)
	}
	b.screenshot(t, "member_help.png")
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.do(t, "reload", chromedp.Reload())
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone the member's page is %d px wide", w)
	}
	b.screenshot(t, "member_help_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
