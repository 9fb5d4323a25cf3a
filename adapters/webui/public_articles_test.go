package webui_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// publish writes and publishes an article through the core as an editor.
func (f *fixture) publish(t *testing.T, ed access.Principal, col content.Column, title, day string,
	audience content.Audience) string {
	t.Helper()
	ctx := context.Background()
	id, err := f.env.App.Commands.SaveArticle.Handle(ctx, command.SaveArticle{Principal: ed, Column: col,
		Title: title, Date: day, Body: "正文：" + title, Audience: audience})
	require.NoError(t, err)
	require.NoError(t, f.env.App.Commands.ChangeArticleStatus.Handle(ctx, command.ChangeArticleStatus{
		Principal: ed, ID: id, Version: 1, To: content.Published}))
	return id
}

func (f *fixture) editor(t *testing.T) access.Principal {
	t.Helper()
	id := f.env.CreateStaff(t, "editor-core", "editor", staffPass)
	return access.Principal{Kind: access.PrincipalStaff, ID: id, Role: access.RoleEditor}
}

func TestPublicColumnsListPageAndFeed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.editor(t)
	for i := 1; i <= 17; i++ {
		f.publish(t, ed, content.Notices, fmt.Sprintf("通知第%02d号", i), fmt.Sprintf("2024-02-%02d", i), content.Public)
	}
	f.publish(t, ed, content.News, "协会新闻一则", "2024-03-01", content.Public)
	f.publish(t, ed, content.MemberNews, "会员企业获奖", "2024-03-01", content.Public)
	secret := f.publish(t, ed, content.Notices, "仅会员可见的通知", "2024-03-01", content.Members)
	b := f.browser(t)

	home := b.get("/")
	require.Equal(t, http.StatusOK, home.Status)
	assert.Contains(t, home.Body, "通知第17号")
	assert.NotContains(t, home.Body, "通知第11号", "the home lists the latest six")
	assert.Contains(t, home.Body, "协会新闻一则")
	assert.Contains(t, home.Body, "会员企业获奖")
	assert.NotContains(t, home.Body, "仅会员可见的通知")

	list := b.get("/notices")
	assert.Contains(t, list.Body, "第 1 / 2 页，共 17 条")
	assert.Contains(t, list.Body, `href="/notices?page=2"`)
	page2 := b.get("/notices?page=2")
	assert.Contains(t, page2.Body, "通知第01号")
	assert.Contains(t, page2.Body, "<title>通知公告（第2页）")
	assert.Equal(t, http.StatusNotFound, b.get("/notices?page=9").Status)
	assert.Equal(t, http.StatusNotFound, b.get("/articles/"+secret).Status)

	feed := b.get("/notices/feed.xml")
	require.Equal(t, http.StatusOK, feed.Status)
	assert.Contains(t, feed.Header.Get("Content-Type"), "application/atom+xml")
	assert.Contains(t, feed.Body, `<feed xmlns="http://www.w3.org/2005/Atom">`)
	assert.Contains(t, feed.Body, "<title>通知第17号</title>")
	assert.Contains(t, feed.Body, siteURL+"/articles/")
	assert.NotContains(t, feed.Body, "仅会员可见的通知")

	sm := b.get("/sitemap.xml")
	require.Equal(t, http.StatusOK, sm.Status)
	assert.Equal(t, 17+2+6, strings.Count(sm.Body, "<loc>"), "six pages and the public articles")
	assert.NotContains(t, sm.Body, secret)

	missing := b.get("/no-such-page")
	assert.Equal(t, http.StatusNotFound, missing.Status)
	assert.Contains(t, missing.Body, `class="topnav"`, "404 inside the site's layout")
}

func TestMemberHomeShowsEvents(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.editor(t)
	f.publish(t, ed, content.Events, "会员活动：质量论坛", "2024-03-01", content.Members)
	f.publish(t, ed, content.Events, "理事会专场", "2024-03-02", content.Council)
	f.env.ActiveMember(t, "enterprise", "活动会员有限公司", "events@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("活动会员有限公司", goodPass, false).Status)
	res := b.get("/member")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "会员活动：质量论坛")
	assert.NotContains(t, res.Body, "理事会专场", "an ordinary member is no council member")
	assert.NotContains(t, res.Body, "暂无通告")
}

func TestFeePageShowsTheFeeNotice(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.editor(t)
	f.publish(t, ed, content.FeeNotice, "2026年度会费缴纳须知", "2024-03-01", content.Members)
	f.env.ApprovedMember(t, "enterprise", "缴费须知有限公司", "feenotice@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("缴费须知有限公司", goodPass, false).Status)
	res := b.get("/member/fees")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "2026年度会费缴纳须知")
	assert.Contains(t, res.Body, "正文：2026年度会费缴纳须知")
}
