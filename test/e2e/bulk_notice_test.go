package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// hanName is a member's name without Arabic digits: 群发会员 and i in 零一二….
func hanName(i int) string {
	digits := []rune("零一二三四五六七八九")
	return fmt.Sprintf("群发会员%c%c", digits[i/10], digits[i%10])
}

// TestBrowserBulkNotice: the editor opens 群发通知 from the menu, filters the
// members to the 20 individuals (the preview says 20), writes a notice sent
// as an in-portal notification and an email, and sends it; the progress page
// follows the delivery by itself until 20 are sent; a member then sees the
// notice in 通知提醒, and each of the 20 received one email. Screenshots of
// the form and the progress at 1280 and 390 px.
func TestBrowserBulkNotice(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	for i := range 20 {
		s.env.RegisterMember(t, "individual", hanName(i), fmt.Sprintf("bulk%02d@example.com", i), "abc12345")
	}
	s.env.RegisterMember(t, "enterprise", "不在名单的企业", "corp@example.com", "abc12345")
	s.env.CreateStaff(t, "editor1", "editor", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "editor1", "staff12345")

	if p := b.clickAndLoad(t, "群发通知", `.sidemenu a[href="/admin/bulk-notices"]`); p != "/admin/bulk-notices" {
		t.Fatalf("群发通知 led to %s", p)
	}
	b.clickAndLoad(t, "新建群发通知", "#new-bulk")
	b.choose(t, "f-kind", "individual")
	b.clickAndLoad(t, "更新预览", `form[action="/admin/bulk-notices/new"] button[type="submit"]`)
	if got := b.text(t, "#preview-total"); got != "20" {
		t.Fatalf("the preview counts %q members, want 20", got)
	}
	b.fill(t, [2]string{"f-subject", "关于召开2026年会员大会的通知"})
	b.fillArea(t, "f-body", "各位会员：定于12月20日召开会员大会，请准时参加。")
	b.screenshot(t, "bulk_notice_new_desktop.png")
	b.phone(t, "bulk_notice_new_phone.png")
	b.desktop(t)
	b.fill(t, [2]string{"f-subject", "关于召开2026年会员大会的通知"})
	b.fillArea(t, "f-body", "各位会员：定于12月20日召开会员大会，请准时参加。")
	p := b.clickAndLoad(t, "发送", "#send-bulk")
	if !strings.HasPrefix(p, "/admin/bulk-notices/") {
		t.Fatalf("发送 led to %s", p)
	}
	b.expectText(t, ".alert--success", "共 20 位会员")
	// The page polls its progress: no reload.
	deadline := time.Now().Add(30 * time.Second)
	for b.text(t, "#bulk-sent") != "20" {
		if time.Now().After(deadline) {
			t.Fatalf("progress shows %s sent, %s pending", b.text(t, "#bulk-sent"), b.text(t, "#bulk-pending"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.expectText(t, "#bulk-state", "发送完成")
	if got := b.text(t, "#bulk-pending"); got != "0" {
		t.Errorf("pending %s", got)
	}
	b.screenshot(t, "bulk_notice_progress_desktop.png")
	b.phone(t, "bulk_notice_progress_phone.png")
	b.desktop(t)
	b.clickAndLoad(t, "群发通知", `.sidemenu a[href="/admin/bulk-notices"]`)
	b.expectText(t, ".table", "20 / 0 / 0")
	b.screenshot(t, "bulk_notice_list_desktop.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}

	// Each member got one email; one of them sees the notice in the portal.
	for i := range 20 {
		s.env.Mailbox.WaitFor(t, fmt.Sprintf("bulk%02d@example.com", i), "关于召开2026年会员大会的通知", 20*time.Second)
	}
	all, err := s.env.Mailbox.Messages()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range all {
		if strings.Contains(m.Subject, "会员大会") {
			n++
		}
	}
	if n != 20 {
		t.Errorf("%d emails of the notice, want 20 (one each)", n)
	}
	m := newBrowser(t, s.url)
	m.login(t, hanName(7), "abc12345")
	m.open(t, "/member/notifications")
	m.expectText(t, "main", "【关于召开2026年会员大会的通知】各位会员：定于12月20日召开会员大会")
	m.screenshot(t, "bulk_notice_member_desktop.png")
}
