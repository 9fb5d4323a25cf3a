package e2e_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/i18n"
)

// TestBrowserEnglish: a visitor chooses English in the footer; the public site,
// a member's portal and the back office then show no Chinese UI strings — only
// content (the association's name, the members' names, a 文号) stays Chinese.
// The choice follows the visitor from page to page (the lang cookie), and 中文
// switches back.
func TestBrowserEnglish(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	active, _ := seedLookupMembers(t, s)
	s.env.CreateStaff(t, "admin1", "admin", "admin12345")
	publishEvent(t, s)
	b := newBrowser(t, s.url)

	b.open(t, "/")
	b.clickAndLoad(t, "English", `.footer__lang a[lang="en"]`)
	if lang := run(t, b, "html lang", chromedp.Evaluate[string](`document.documentElement.lang`)); lang != i18n.English {
		t.Fatalf("after English the page's lang is %q", lang)
	}
	// Content: names the test seeded and the association's own name; and 中文,
	// the name of the other language in that language (the footer's switch).
	content := []string{"中文", "北京市西城区月坛北小街2号", "李明", "王建国", "董事长", "质量管理部", "部长",
		"本单位专业从事精密仪器的研发与生产。", "通过ISO 9001质量管理体系认证。", "入会申请表.png", "入会申请表.pdf",
		"质协〔2024〕8号", "中质协〔2019〕88号", "质协〔2019〕12号", // examples of a 文号 (placeholders)
		"公开查询有限公司", "过期会员", "中国质量协会", "中质协〔2019〕12号", "2026年质量月活动安排"}
	public := []string{"/", "/notices", "/news", "/member-news", "/members/search", "/members/search?q=" + active,
		"/login", "/register", "/password/forgot"}
	for _, p := range public {
		b.open(t, p)
		b.noChinese(t, p, content)
	}
	b.open(t, "/members/search?q="+active)
	b.screenshot(t, "english_lookup.png")

	b.login(t, active, "abc123")
	for _, p := range []string{"/member", "/member/fees", "/member/application", "/member/notifications",
		"/member/password", "/member/contacts", "/member/card", "/member/invoices", "/member/info-change",
		"/member/submissions", "/member/email", "/member/withdraw"} {
		b.open(t, p)
		b.noChinese(t, p, content)
	}
	b.open(t, "/member")
	b.screenshot(t, "english_member_home.png")
	b.logout(t)

	b.staffLogin(t, "admin1", "admin12345")
	for _, p := range []string{"/admin", "/admin/members", "/admin/applications", "/admin/memberships",
		"/admin/payments", "/admin/statements", "/admin/refunds", "/admin/invoices", "/admin/reports", "/admin/audit",
		"/admin/staff", "/admin/content", "/admin/bulk-notices", "/admin/imports", "/admin/exports",
		"/admin/info-changes", "/admin/council", "/admin/submissions", "/admin/settings/fees",
		"/admin/settings/invoice-notice", "/admin/mail/failed", "/admin/password"} {
		b.open(t, p)
		b.noChinese(t, p, content)
	}
	// 网站设置's examples are Chinese on purpose: a 备案号, and 文字替换's lines,
	// whose original is always the Chinese text.
	b.open(t, "/admin/settings/site")
	b.noChinese(t, "/admin/settings/site", append(content, "京ICP备12345678号", "京公网安备 11010502030000号",
		"会员管理 = 会籍管理", "会员管理 = Membership"))
	b.open(t, "/admin/members")
	b.screenshot(t, "english_admin_members.png")
	b.clickAndLoad(t, "the first member", `table a[href^="/admin/members/"]`)
	b.noChinese(t, "member detail", content)
	b.screenshot(t, "english_admin_member.png")

	b.clickAndLoad(t, "中文", `.footer__lang a[lang="zh-CN"]`)
	b.expectText(t, ".sidemenu", "会员管理")
}

// han finds runs of Chinese.
var han = regexp.MustCompile(`[\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]+`)

// noChinese fails when the page's text or its labels (title, aria-label,
// placeholder, alt) have Chinese that is not content.
func (b *browser) noChinese(t *testing.T, page string, content []string) {
	t.Helper()
	text := run(t, b, "page text "+page, chromedp.Evaluate[string](`document.title + "\n" + document.body.innerText + "\n" +
		[...document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')].map(e =>
			[e.title, e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('alt')].filter(Boolean).join(" ")).join("\n")`))
	content = slices.Clone(content)
	slices.SortFunc(content, func(a, b string) int { return len(b) - len(a) }) // 中质协… before 质协…
	for _, c := range content {
		text = strings.ReplaceAll(text, c, "")
	}
	if left := han.FindAllString(text, 20); len(left) > 0 {
		t.Errorf("%s in English still shows Chinese: %q", page, left)
	}
}
