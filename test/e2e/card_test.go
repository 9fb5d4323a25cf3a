package e2e_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMemberCard: an individual opens 我的会员卡 from the home page
// (name, number, status 有效, the QR code), a visitor opens the QR code's link
// and reads 该会员卡有效; after the validity ends (the clock) the same link
// says 已过期; a tampered link says 「该会员证无效」. An enterprise opens its
// 会员证书 from the menu. Screenshots k0-… to k5-… (1280 and 390 px).
func TestBrowserMemberCard(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	const name = "卡片测试个人"
	s.env.ActiveMember(t, "individual", name, "card-e2e@example.com")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if p := b.clickAndLoad(t, "我的会员卡", `.member-head a[href="/member/card"]`); p != "/member/card" {
		t.Fatalf("我的会员卡 led to %s", p)
	}
	b.expectText(t, "#card-name", name)
	b.expectText(t, "#card-status", "有效")
	if src := b.jsAttr(t, "#card-qr", "src"); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Errorf("QR code src %q", truncate(src, 40))
	}
	b.screenshot(t, "k0-member-card.png")
	b.phoneShot(t, "k0-member-card-390.png")
	link := b.jsAttr(t, "#card-qr", "data-verify-path")
	if !strings.HasPrefix(link, "/members/verify/") {
		t.Fatalf("verification link %q", link)
	}

	visitor := newBrowser(t, s.url)
	visitor.open(t, link)
	visitor.expectText(t, "#verify-verdict", "该会员卡有效")
	visitor.expectText(t, "#verify-status", "有效")
	visitor.screenshot(t, "k1-verify-valid.png")
	visitor.phoneShot(t, "k1-verify-valid-390.png")

	s.env.Clock.Advance(400 * 24 * time.Hour) // past the year's validity
	visitor.open(t, link)
	visitor.expectText(t, "#verify-verdict", "当前无效（已过期）")
	visitor.screenshot(t, "k2-verify-lapsed.png")

	forged := link[:len(link)-2] + "xx"
	if resp := run(t, visitor, "open forged", chromedp.NavigateResponse(s.url+forged)); resp == nil ||
		resp.Status != http.StatusNotFound {
		t.Errorf("a forged link: status %v", statusOf(resp))
	}
	visitor.expectText(t, "#verify-verdict", "该会员证无效")
	visitor.screenshot(t, "k3-verify-forged.png")

	const company = "证书测试有限公司"
	s.env.ActiveMember(t, "enterprise", company, "cert-e2e@example.com")
	e := newBrowser(t, s.url)
	e.login(t, company, feeMemberPass)
	if p := e.clickAndLoad(t, "会员证书", `.sidemenu a[href="/member/card"]`); p != "/member/card" {
		t.Fatalf("会员证书 led to %s", p)
	}
	e.expectText(t, "#page-title", "会员证书")
	e.expectText(t, "#card-name", company)
	e.screenshot(t, "k4-certificate.png")
	e.phoneShot(t, "k4-certificate-390.png")
	for _, br := range []*browser{b, visitor, e} {
		if ex := br.uncaught(); len(ex) > 0 {
			t.Errorf("page exceptions: %v", ex)
		}
	}
}
