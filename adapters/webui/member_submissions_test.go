package webui_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/core/domain/submission/submissiontest"
)

// enterpriseBrowser is a logged-in enterprise member (approved: it has a number).
func enterpriseBrowser(t *testing.T, f *fixture, name, email string) *browser {
	t.Helper()
	f.env.ApprovedMember(t, "enterprise", name, email)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login(name, goodPass, false).Status)
	return b
}

var queueLink = regexp.MustCompile(`href="(/admin/submissions/[0-9a-f]+)"`)

// TestSubmissionPublished: an enterprise uploads a .docx; the editor's queue
// counts it, the review page shows the document's text and pre-fills the
// form; approving publishes it to the public 会员动态 and the member's 投稿记录
// says 已发布 with a notification.
func TestSubmissionPublished(t *testing.T) {
	t.Parallel()
	f := setup(t)
	mb := enterpriseBrowser(t, f, "投稿测试公司", "sub@example.com")
	page := mb.get("/member/submissions")
	require.Equal(t, http.StatusOK, page.Status, page.Body)
	for _, s := range []string{"以打造企业交流平台", "仅支持doc文档格式上传，图片直接插入文档中，文档限定10MB以内。",
		"4、相关配图直接插入文档中（不超过三张）。", "通过审核的投稿，可在官网首页“会员动态”专栏查看", ">企业投稿</a>", "暂无投稿记录"} {
		assert.Contains(t, page.Body, s)
	}
	doc := submissiontest.Docx("我公司开展质量月活动", "全体员工参加QC小组活动。")
	res := mb.upload("/member/submissions", mb.csrf(), []filePart{{"file", "20190607投稿测试公司投稿.docx", doc}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = mb.get(res.location())
	assert.Contains(t, page.Body, "20190607投稿测试公司投稿")
	assert.Contains(t, page.Body, "待审核")

	ed := f.staffBrowser(t, "sub-editor", "editor")
	home := ed.get("/admin")
	assert.Equal(t, []string{"投稿审核 1 /admin/submissions?status=pending"}, homeQueues(home.Body),
		"the editor's home: 投稿审核's card")
	assert.True(t, badge{"/admin/submissions", "投稿审核", 1}.shown(home.Body), "the menu's badge")
	queue := ed.get("/admin/submissions")
	require.Equal(t, http.StatusOK, queue.Status, queue.Body)
	assert.Contains(t, queue.Body, "投稿测试公司")
	m := queueLink.FindStringSubmatch(queue.Body)
	require.NotNil(t, m)
	detail := ed.get(m[1])
	assert.Contains(t, detail.Body, "全体员工参加QC小组活动。")
	assert.Contains(t, detail.Body, `value="20190607投稿测试公司投稿"`)

	res = ed.postForm(m[1]+"/approve", url.Values{"title": {""}, "body": {"x"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "a title is required")
	res = ed.postForm(m[1]+"/approve", url.Values{"title": {"质量月活动纪实"}, "body": {"全体员工参加QC小组活动。"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, http.StatusConflict, ed.postForm(m[1]+"/reject", url.Values{"reason": {"晚了"}}).Status,
		"reviewed once")

	home = ed.get("/admin")
	assert.Equal(t, []string{"投稿审核 0 /admin/submissions?status=pending"}, homeQueues(home.Body))
	assert.Contains(t, home.Body, `<a href="/admin/submissions">投稿审核</a>`, "no badge for an empty queue")

	news := f.browser(t).get("/member-news")
	assert.Contains(t, news.Body, "质量月活动纪实")
	page = mb.get("/member/submissions")
	assert.Contains(t, page.Body, "已发布")
	mb.waitBody("/member/notifications", "企业【投稿测试公司】的投稿《20190607投稿测试公司投稿》已通过审核，可在官网首页“会员动态”专栏查看")
	mail := f.env.Mailbox.WaitFor(t, "sub@example.com", "投稿已通过审核", 10*time.Second)
	assert.Contains(t, mail.Text, siteURL+"/articles/")
}

// TestSubmissionBadInput: .docm, a zip renamed .docx, 10 MB + 1 byte, HTML
// named .doc: each refused on the field, nothing stored; a guest's upload is
// refused before its body is read; another member's file is 404; individuals
// and reviewers have no such pages; a rejection needs a reason.
func TestSubmissionBadInput(t *testing.T) {
	t.Parallel()
	f := setup(t)
	mb := enterpriseBrowser(t, f, "坏投稿公司", "bad-sub@example.com")
	big := append(submissiontest.Doc(), bytes.Repeat([]byte{0}, submission.MaxBytes-1024+1)...)
	for name, content := range map[string][]byte{
		"a.docm": submissiontest.Docx("x"),
		"b.docx": submissiontest.Zip(map[string]string{"readme.txt": "not word"}),
		"c.doc":  big,
		"d.doc":  []byte("<html><script>alert(1)</script></html>"),
	} {
		res := mb.upload("/member/submissions", mb.csrf(), []filePart{{"file", name, content}}, nil)
		assert.Contains(t, []int{http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge}, res.Status, name)
		assert.NotEmpty(t, fieldErrorOf(res.Body, "f-file"), name)
	}
	assert.Contains(t, mb.get("/member/submissions").Body, "暂无投稿记录", "nothing stored")

	guest := f.browser(t)
	res := guest.upload("/member/submissions", guest.csrf(), []filePart{{"file", "a.docx", submissiontest.Docx("x")}}, nil)
	assert.Equal(t, http.StatusSeeOther, res.Status, "no session: sent to log in, nothing read")
	assert.Contains(t, res.location(), "/login")

	res = mb.upload("/member/submissions", mb.csrf(), []filePart{{"file", "ok.doc", submissiontest.Doc()}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	ed := f.staffBrowser(t, "bad-editor", "admin")
	m := queueLink.FindStringSubmatch(ed.get("/admin/submissions").Body)
	require.NotNil(t, m)
	detail := ed.get(m[1])
	assert.Contains(t, detail.Body, ".doc 文档无法在线预览")
	assert.Equal(t, http.StatusOK, ed.get(m[1]+"/file").Status)
	assert.Equal(t, http.StatusUnprocessableEntity, ed.postForm(m[1]+"/reject", url.Values{"reason": {" "}}).Status)
	require.Equal(t, http.StatusSeeOther, ed.postForm(m[1]+"/reject", url.Values{"reason": {"内容与协会业务无关"}}).Status)
	mb.waitBody("/member/notifications", "企业【坏投稿公司】的投稿《ok》未通过审核，原因：内容与协会业务无关，可修改后重新投稿")
	f.env.Mailbox.WaitFor(t, "bad-sub@example.com", "投稿未通过审核", 10*time.Second)
	assert.Contains(t, mb.get("/member/submissions").Body, `<span class="tag tag--failed">未通过</span>`,
		"未通过 in the error tone, as 信息变更's")
	assert.Contains(t, ed.get("/admin/submissions?status=rejected").Body, `<span class="tag tag--failed">未通过</span>`)

	other := enterpriseBrowser(t, f, "别家公司", "other-sub@example.com")
	id := m[1][len("/admin/submissions/"):]
	assert.Equal(t, http.StatusNotFound, other.get("/member/submissions/"+id+"/file").Status)
	assert.Equal(t, http.StatusOK, mb.get("/member/submissions/"+id+"/file").Status)

	rev := f.staffBrowser(t, "sub-reviewer", "reviewer")
	assert.Equal(t, http.StatusForbidden, rev.get("/admin/submissions").Status)
	f.env.ApprovedMember(t, "individual", "个人投稿", "ind-sub@example.com")
	ind := f.browser(t)
	require.Equal(t, http.StatusSeeOther, ind.login("个人投稿", goodPass, false).Status)
	assert.Equal(t, http.StatusForbidden, ind.get("/member/submissions").Status)
}
