package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// TestBrowserPublicSite: an editor writes a notice in 网站内容 (the live
// preview drops a script), attaches a PDF and publishes it, and schedules a
// news item; a visitor sees the notice on the home at once and the news at its
// time, opens the notice and its attachment; 会员查询 tells an active member
// (有效) from a lapsed one (已过期); a member's home lists the 活动通告; at
// 390 px nothing scrolls sideways.
func TestBrowserPublicSite(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	active, lapsed := seedLookupMembers(t, s)
	s.env.CreateStaff(t, "editor1", "editor", "editor12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "editor1", "editor12345")

	b.open(t, "/admin/content/new?column=notices")
	b.fill(t, [2]string{"f-title", "关于召开2026年会员大会的通知"})
	b.fillArea(t, "f-body", "各会员单位：\n\n**定于12月20日召开会员大会**，请准时参加。\n\n<script>alert(1)</script>")
	b.waitUntil(t, "live preview", `document.querySelector('#body-preview strong')?.textContent === '定于12月20日召开会员大会'`)
	if html := run(t, b, "preview html", chromedp.Evaluate[string](`document.getElementById('body-preview').innerHTML`)); strings.Contains(html, "<script") {
		t.Fatalf("the preview shows a script: %s", html)
	}
	b.screenshot(t, "content_editor.png")
	if p := b.clickAndLoad(t, "保存草稿", `form[action="/admin/content"] button[type="submit"]`); !strings.HasPrefix(p, "/admin/content/") {
		t.Fatalf("保存草稿 led to %s", p)
	}
	b.do(t, "choose attachment", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{notice(t)}, chromedp.NodeReady))
	b.clickAndLoad(t, "上传", `form.upload-form button[type="submit"]`)
	b.expectText(t, ".table-wrap", "会员大会通知.pdf")
	b.clickAndLoad(t, "发布", `form[action$="/status"] button.btn--accent`)
	b.expectText(t, ".alert--success", "已发布")
	b.screenshot(t, "content_published.png")

	// A news item for two hours from now.
	b.open(t, "/admin/content/new?column=news")
	b.fill(t, [2]string{"f-title", "协会召开质量论坛"})
	at := s.env.Clock.Now().Add(2 * time.Hour).In(shanghai(t)).Format("2006-01-02T15:04")
	b.do(t, "publish at", chromedp.SetValue(chromedp.ID("f-publish-at"), at))
	b.clickAndLoad(t, "保存草稿", `form[action="/admin/content"] button[type="submit"]`)
	b.clickAndLoad(t, "发布", `form[action$="/status"] button.btn--accent`)
	b.expectText(t, ".alert--success", "定时发布")
	b.staffLogout(t)

	b.open(t, "/")
	b.expectText(t, ".grid--3", "关于召开2026年会员大会的通知")
	if home := b.text(t, ".grid--3"); strings.Contains(home, "协会召开质量论坛") {
		t.Fatal("the scheduled news is on the home before its time")
	}
	s.env.Clock.Advance(3 * time.Hour)
	b.open(t, "/")
	b.expectText(t, ".grid--3", "协会召开质量论坛")
	b.screenshot(t, "public_home.png")
	b.clickAndLoad(t, "open the notice", `.article-list a[href^="/articles/"]`)
	b.expectText(t, ".article__files", "会员大会通知.pdf")
	b.screenshot(t, "public_article.png")

	b.lookup(t, active, "有效")
	b.screenshot(t, "lookup_active.png")
	b.lookup(t, lapsed, "已过期")
	b.screenshot(t, "lookup_lapsed.png")

	publishEvent(t, s)
	b.login(t, "公开查询有限公司", "abc123")
	b.expectText(t, "#events-title", "活动通告")
	b.expectText(t, "main", "2026年质量月活动安排")
	b.screenshot(t, "member_home_events.png")

	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	for _, p := range []string{"/", "/notices", "/members/search?q=" + active} {
		b.open(t, p)
		if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("on a 390 px phone %s is %d px wide", p, w)
		}
	}
	b.open(t, "/")
	b.screenshot(t, "public_home_phone.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// lookup asks 会员查询 for a member number and expects the status.
func (b *browser) lookup(t *testing.T, number, status string) {
	t.Helper()
	b.open(t, "/members/search")
	b.fill(t, [2]string{"f-q", number})
	b.clickAndLoad(t, "查询", `form.search button[type="submit"]`)
	b.expectText(t, ".lookup", number)
	b.expectText(t, ".lookup__status", status)
}

// seedLookupMembers makes an active enterprise and a lapsed individual and
// returns their numbers.
func seedLookupMembers(t *testing.T, s *site) (active, lapsed string) {
	t.Helper()
	ctx := context.Background()
	a := s.env.ActiveMember(t, "enterprise", "公开查询有限公司", "open@example.com")
	l := s.env.ActiveMember(t, "individual", "过期会员", "lapsed@example.com")
	members := s.env.Module.Ports().Members
	require.NoError(t, members.Update(ctx, l.ID, func(_ context.Context, m *member.Member) error {
		_, err := m.Lapse(m.ValidUntil().AddDate(0, 3, 0), 0)
		return err
	}))
	am, err := members.Get(ctx, a.ID)
	require.NoError(t, err)
	lm, err := members.Get(ctx, l.ID)
	require.NoError(t, err)
	return am.Number(), lm.Number()
}

// publishEvent publishes a members' 活动通告 through the core.
func publishEvent(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	ed := s.env.Staff(t, access.RoleAdmin)
	id, err := s.env.App.Commands.SaveArticle.Handle(ctx, command.SaveArticle{Principal: ed,
		Column: content.Events, Title: "2026年质量月活动安排", Date: "2026-12-07", Audience: content.Members})
	require.NoError(t, err)
	require.NoError(t, s.env.App.Commands.ChangeArticleStatus.Handle(ctx, command.ChangeArticleStatus{
		Principal: ed, ID: id, Version: 1, To: content.Published}))
}

// notice writes a small PDF to upload.
func notice(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "会员大会通知.pdf")
	require.NoError(t, os.WriteFile(p, membershiptest.PDF(), 0o600))
	return p
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}
