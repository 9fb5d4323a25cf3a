package e2e_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserMemberLanguageIsKept: a member logged in clicks the footer's
// English link and reads the portal in English; in another browser (a fresh
// profile whose language is Chinese) its next login opens the portal in
// English, the member's kept setting; 中文 switches back for the next logins
// too. Screenshots l0-… to l2-… (1280 and 390 px).
func TestBrowserMemberLanguageIsKept(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	const company = "语言设置测试有限公司"
	s.env.ActiveMember(t, "enterprise", company, "lang-e2e@example.com")

	b := chineseBrowser(t, s.url)
	b.login(t, company, feeMemberPass)
	if got := b.docLang(t); got != "zh-CN" {
		t.Fatalf("before the switch the portal is %q", got)
	}
	if p := b.clickAndLoad(t, "English", `.footer__lang a[hreflang="en"]`); p != "/member" {
		t.Fatalf("English led to %s, not back to /member", p)
	}
	if got := b.docLang(t); got != "en" {
		t.Fatalf("after the switch the portal is %q", got)
	}
	b.screenshot(t, "l0-member-home-en.png")
	b.phoneShot(t, "l0-member-home-en-390.png")

	other := chineseBrowser(t, s.url)
	other.login(t, company, feeMemberPass)
	if got := other.docLang(t); got != "en" {
		t.Fatalf("a login in another browser opens the portal in %q, not the member's English", got)
	}
	other.screenshot(t, "l1-login-elsewhere-en.png")
	other.phoneShot(t, "l1-login-elsewhere-en-390.png")
	if p := other.clickAndLoad(t, "中文", `.footer__lang a[hreflang="zh-CN"]`); p != "/member" {
		t.Fatalf("中文 led to %s", p)
	}

	third := chineseBrowser(t, s.url)
	third.login(t, company, feeMemberPass)
	if got := third.docLang(t); got != "zh-CN" {
		t.Fatalf("after switching back, a new login opens the portal in %q", got)
	}
	third.screenshot(t, "l2-login-again-zh.png")
	for _, br := range []*browser{b, other, third} {
		if ex := br.uncaught(); len(ex) > 0 {
			t.Errorf("page exceptions: %v", ex)
		}
	}
}

// docLang is the lang attribute of the page's html element.
func (b *browser) docLang(t *testing.T) string {
	t.Helper()
	return run(t, b, "document language", chromedp.Evaluate[string](`document.documentElement.lang`))
}

// chineseBrowser is a new browser whose requests ask for Chinese
// (Accept-Language), whatever chromium's own default.
func chineseBrowser(t *testing.T, base string) *browser {
	t.Helper()
	b := newBrowser(t, base)
	run(t, b, "Accept-Language zh-CN", func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return cdp.Empty{}, err
		}
		return cdp.Call(ctx, tg, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "zh-CN,zh;q=0.9"}})
	})
	return b
}
