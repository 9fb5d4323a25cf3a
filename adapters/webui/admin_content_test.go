package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

const staffPass = "editorpass123"

// editorBrowser logs a new staff account of the role in.
func (f *fixture) staffBrowser(t *testing.T, username, role string) *browser {
	t.Helper()
	f.env.CreateStaff(t, username, role, staffPass)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin(username, staffPass).Status)
	return b
}

// createArticle posts a new article and returns its editor page path.
func (b *browser) createArticle(v url.Values) string {
	b.tb.Helper()
	res := b.postForm("/admin/content", v)
	require.Equal(b.tb, http.StatusSeeOther, res.Status, res.Body)
	path, _, _ := strings.Cut(res.location(), "?")
	require.True(b.tb, strings.HasPrefix(path, "/admin/content/"), path)
	return path
}

func articleID(editPath string) string { return strings.TrimPrefix(editPath, "/admin/content/") }

func TestEditorPublishesANoticeWithAnAttachment(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.staffBrowser(t, "editor1", "editor")
	assert.Equal(t, http.StatusOK, ed.get("/admin").Status, "the editor's back-office home")
	res := ed.get("/admin/content")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "网站内容")
	assert.NotContains(t, res.Body, `href="/admin/members"`, "an editor does not see the member registry")

	edit := ed.createArticle(url.Values{"column": {"notices"}, "title": {"关于2024年年会的通知"},
		"date": {"2024-03-01"}, "audience": {"public"},
		"body": {"**请准时参加**\n\n<script>alert(1)</script>[点我](javascript:alert(1))<iframe src=\"https://x\"></iframe>"}})
	id := articleID(edit)
	guest := f.browser(t)
	assert.Equal(t, http.StatusNotFound, guest.get("/articles/"+id).Status, "a draft is not public")

	token := ed.csrf()
	res = ed.upload(edit+"/files", token, []filePart{{"file", "evil.pdf", []byte("<html><script>alert(1)</script></html>")}},
		nil)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "附件只能是PDF")
	res = ed.upload(edit+"/files", token, []filePart{{"file", "年会通知.pdf", membershiptest.PDF()}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	page := ed.get(edit)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "年会通知.pdf")
	assert.NotContains(t, page.Body, "<script>alert", "the preview is sanitised")
	res = ed.postForm(edit+"/status", url.Values{"to": {"published"}, "version": {"2"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	res = guest.get("/articles/" + id)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "<title>关于2024年年会的通知 - ")
	assert.Contains(t, res.Body, "<strong>请准时参加</strong>")
	for _, bad := range []string{"<script>alert", "javascript:", "<iframe"} {
		assert.NotContains(t, res.Body, bad)
	}
	assert.Contains(t, res.Body, "年会通知.pdf")

	entries, _, err := f.env.Module.Ports().Audit.List(context.Background(),
		ports.AuditQuery{Action: audit.ContentChange})
	require.NoError(t, err)
	assert.Len(t, entries, 3, "created, file uploaded, published")
}

func TestEditorValidatesAndOnlyEditorsEdit(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.staffBrowser(t, "admin1", "admin")
	res := ed.postForm("/admin/content", url.Values{"column": {"news"}, "title": {""}, "date": {"2024-03-01"},
		"publish_at": {"2000-01-01T08:00"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "请输入标题", fieldErrorOf(res.Body, "f-title"))
	assert.Equal(t, "定时发布时间不能早于当前时间", fieldErrorOf(res.Body, "f-publish-at"))

	res = ed.postForm("/admin/content/preview", url.Values{"body": {"# 标题\n<img src=x onerror=alert(1)>"}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "<h1")
	assert.NotContains(t, res.Body, "onerror")

	fin := f.staffBrowser(t, "finance1", "finance")
	assert.Equal(t, http.StatusForbidden, fin.get("/admin/content").Status)
	assert.Equal(t, http.StatusForbidden, fin.postForm("/admin/content", url.Values{"column": {"news"},
		"title": {"x"}, "date": {"2024-03-01"}}).Status)
}

func TestScheduledMembersOnlyArticle(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ed := f.staffBrowser(t, "editor2", "editor")
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	at := f.env.Clock.Now().Add(2 * time.Hour).In(shanghai).Format("2006-01-02T15:04")
	edit := ed.createArticle(url.Values{"column": {"events"}, "title": {"会员沙龙"}, "date": {"2024-03-01"},
		"audience": {"members"}, "publish_at": {at}, "body": {"活动内容"}})
	id := articleID(edit)
	require.Equal(t, http.StatusSeeOther, ed.postForm(edit+"/status",
		url.Values{"to": {"published"}, "version": {"1"}}).Status)

	f.env.ActiveMember(t, "enterprise", "沙龙会员有限公司", "salon@example.com")
	mb := f.browser(t)
	require.Equal(t, http.StatusSeeOther, mb.login("沙龙会员有限公司", goodPass, false).Status)
	assert.Equal(t, http.StatusNotFound, mb.get("/articles/"+id).Status, "not before its time")
	f.env.Clock.Advance(3 * time.Hour)
	assert.Equal(t, http.StatusOK, mb.get("/articles/"+id).Status)
	assert.Equal(t, http.StatusNotFound, f.browser(t).get("/articles/"+id).Status, "members only")
}
