package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// TestBrowserMemberRegistry: a reviewer finds a member in 会员管理 by the pinyin
// initials of its name, the filters land in the URL (the back button returns
// to the unfiltered list), opens the member and reads its timeline; on a
// 390 px phone the list's table scrolls inside its card, not the page.
func TestBrowserMemberRegistry(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	seedThreeMembers(t, s)
	s.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "reviewer1", "staff12345")

	b.open(t, "/admin/members")
	if got := b.text(t, "#list-title"); got != "共 3 位会员" {
		t.Fatalf("list title %q", got)
	}
	b.fill(t, [2]string{"f-q", "zgzl"})
	b.clickAndLoad(t, "筛选", `form.member-filters button[type="submit"]`)
	if loc := run(t, b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/admin/members?q=zgzl") {
		t.Fatalf("the filters are not in the URL: %s", loc)
	}
	if got := b.text(t, "#list-title"); got != "共 1 位会员" {
		t.Fatalf("search zgzl: %q", got)
	}
	b.screenshot(t, "registry_search.png")
	// The back button: the unfiltered list again, from the browser's history.
	run(t, b, "back", chromedp.Evaluate[bool](`history.back(), true`))
	b.waitUntil(t, "back to the list",
		`location.search === '' && document.querySelector('#list-title')?.textContent === '共 3 位会员'`)
	run(t, b, "forward", chromedp.Evaluate[bool](`history.forward(), true`))
	b.waitUntil(t, "forward to the search",
		`location.search === '?q=zgzl' && document.querySelector('#list-title')?.textContent === '共 1 位会员'`)
	// (A page the forward button restored from the back-forward cache does not
	// report a click's navigation to chromedp: follow the link's address.)
	href := b.jsAttr(t, ".table--members a", "href")
	if p := urlPath(href); !strings.HasPrefix(p, "/admin/members/") {
		t.Fatalf("the member's link is %s", href)
	}
	b.open(t, urlPath(href))
	if got := b.text(t, ".timeline"); !strings.Contains(got, "入会申请审核通过，分配会员号 19000001") {
		t.Fatalf("timeline: %q", got)
	}
	b.screenshot(t, "registry_member.png")

	b.checkRegistryOnAPhone(t)
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// seedThreeMembers registers three enterprises, two of them approved.
func seedThreeMembers(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	for _, m := range []struct{ name, email, number string }{
		{"中国质量协会", "quality@example.com", "19000001"},
		{"上海精工机械有限公司", "jg@example.com", "19000002"},
		{"北京华信科技有限公司", "hx@example.com", ""},
	} {
		id := s.env.RegisterMember(t, "enterprise", m.name, m.email, "abc12345")
		if m.number == "" {
			continue
		}
		require.NoError(t, s.env.Module.Ports().Members.Update(ctx, id, func(_ context.Context, mm *member.Member) error {
			return membertest.Approve(mm, m.number, time.Now())
		}))
	}
}

// checkRegistryOnAPhone opens 会员管理 at 390 px: the page does not scroll
// sideways, the table scrolls inside its card.
func (b *browser) checkRegistryOnAPhone(t *testing.T) {
	t.Helper()
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.open(t, "/admin/members")
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone 会员管理 is %d px wide: it scrolls sideways", w)
	}
	inside := run(t, b, "table scrolls", chromedp.Evaluate[bool](
		`(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth; })()`))
	if !inside {
		t.Error("the members table does not scroll inside its card")
	}
	b.screenshot(t, "registry_phone.png")
}

// waitUntil evaluates a condition until it holds, across the navigation that
// makes it hold (an evaluation in a document being replaced fails and is
// tried again).
func (b *browser) waitUntil(t *testing.T, step, cond string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.fatal(t, step, fmt.Errorf("%s did not hold within %v", cond, stepTimeout))
}
