package e2e_test

import (
	"testing"
)

// TestBrowserWording: the admin replaces 「会员管理」 with the association's own
// word in 网站设置 → 文字替换, for the Chinese and the English pages; the menu
// says it at once, in both languages; a bad line is refused on its field.
// Screenshots at 1280 px and 390 px.
func TestBrowserWording(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "admin12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "admin12345")

	b.open(t, "/lang/zh-CN?next=/admin/settings/site") // the browser asks for English
	b.fillArea(t, "f-texts-zh", "会员管理 会籍管理")
	b.clickAndLoadStatus(t, "保存文字替换 (bad)", `form[action="/admin/settings/site/texts"] button[type="submit"]`, 422)
	if msg := b.fieldError(t, "f-texts-zh"); msg != "第 1 行应为「原文 = 替换文字」格式（等号两边各有一个空格）" {
		t.Errorf("field error %q", msg)
	}
	b.open(t, "/admin/settings/site")
	b.fillArea(t, "f-texts-zh", "会员管理 = 会籍管理")
	b.fillArea(t, "f-texts-en", "会员管理 = Membership register")
	b.clickAndLoad(t, "保存文字替换", `form[action="/admin/settings/site/texts"] button[type="submit"]`)
	b.expectText(t, ".alert--success", "文字替换已保存并生效")
	b.expectText(t, ".sidemenu", "会籍管理")
	b.screenshot(t, "wording_settings.png")
	b.phoneShot(t, "wording_settings_phone.png")

	b.open(t, "/lang/en?next=/admin/settings/site")
	b.expectText(t, ".sidemenu", "Membership register")
	b.screenshot(t, "wording_settings_en.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
