package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// secondWindow opens a tab in a separate browser context of the same chromium:
// it has its own cookies, so a staff account can work beside a logged-in member
// (the member's pages then show the staff's decisions without logging in again).
// It is closed when the test ends, before the first window.
func (b *browser) secondWindow(t *testing.T) *browser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	w := &browser{ctx: ctx, base: b.base, out: b.out,
		challenges: map[network.RequestID]cdp.LoaderID{}, loaded: map[cdp.LoaderID]network.RequestID{},
		loadedNext: make(chan struct{})}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a second window: %v\nchromium output:\n%s", err, b.out.String())
	}
	if err := chromedp.Listen(ctx, w.onEvent); err != nil {
		t.Fatalf("listen: %v", err)
	}
	return w
}

// staffLogout presses 退出 in the back office and expects its login page.
func (b *browser) staffLogout(t *testing.T) {
	t.Helper()
	if p := b.clickAndLoad(t, "退出 (back office)", `.account__logout button[type="submit"]`); p != "/admin/login" {
		t.Fatalf("退出 led to %s, not /admin/login", p)
	}
}

// reload reloads the current page.
func (b *browser) reload(t *testing.T) {
	t.Helper()
	b.do(t, "reload", chromedp.Reload())
}

// expectText checks the visible text of css contains want.
func (b *browser) expectText(t *testing.T, css, want string) {
	t.Helper()
	if got := b.text(t, css); !strings.Contains(got, want) {
		b.fatal(t, "text of "+css, fmt.Errorf("%q does not contain %q", got, want))
	}
}

// approveMembership logs the window in as the secretariat, ticks the member in
// 秘书处审批, fills in the 文号 and approves; shots names the screenshots of the
// queue and the result.
func (b *browser) approveMembership(t *testing.T, username, password, memberID, docNo string, shots [2]string) {
	t.Helper()
	b.staffLogin(t, username, password)
	if p := b.clickAndLoad(t, "秘书处审批", `.sidemenu a[href="/admin/memberships"]`); p != "/admin/memberships" {
		t.Fatalf("秘书处审批 led to %s", p)
	}
	box := fmt.Sprintf(`input[name="member_id"][value=%q]`, memberID)
	b.do(t, "tick the member", chromedp.Click(chromedp.CSS(box), chromedp.NodeVisible))
	if checked := run(t, b, "ticked", chromedp.Evaluate[bool](fmt.Sprintf(
		`document.querySelector(%q).checked`, box))); !checked {
		b.fatal(t, "tick the member", fmt.Errorf("the checkbox is not checked"))
	}
	b.fill(t, [2]string{"f-doc-no", docNo})
	b.screenshot(t, shots[0])
	if p := b.clickAndLoad(t, "审批通过", "#approve-memberships"); p != "/admin/memberships" {
		t.Fatalf("审批通过 led to %s", p)
	}
	b.expectText(t, ".alert--success", "已审批通过所选会员")
	b.screenshot(t, shots[1])
}

// validity returns 会员有效期 of the 会员信息 card on 会员首页.
func (b *browser) validity(t *testing.T) string {
	t.Helper()
	return run(t, b, "会员有效期", chromedp.Evaluate[string](`(() => {
		const row = Array.from(document.querySelectorAll('.info-grid > div'))
			.find((d) => d.querySelector('dt') && d.querySelector('dt').textContent.trim() === '会员有效期:');
		return row ? row.querySelector('dd').textContent.trim() : '';
	})()`))
}
