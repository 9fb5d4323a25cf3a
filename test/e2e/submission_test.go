package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/domain/submission/submissiontest"
)

// TestBrowserSubmission: an enterprise submits a .docx in 企业投稿 and sees it
// 待审核 in 投稿记录; the editor opens 投稿审核, reads the document's text,
// publishes it; the public 会员动态 shows it and the member's record says
// 已发布. Screenshots s0-… to s3-… (1280 and 390 px).
func TestBrowserSubmission(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "editor-s", "editor", financePass)
	const name = "投稿浏览器公司"
	s.env.ApprovedMember(t, "enterprise", name, "submission-e2e@example.com")
	path := filepath.Join(t.TempDir(), "20190607投稿浏览器公司投稿.docx")
	if err := os.WriteFile(path, submissiontest.Docx("我公司开展质量月活动", "全体员工参加QC小组活动，成果显著。"), 0o600); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if p := b.clickAndLoad(t, "企业投稿", `.sidemenu a[href="/member/submissions"]`); p != "/member/submissions" {
		t.Fatalf("企业投稿 led to %s", p)
	}
	b.expectText(t, "#f-file-hint", "仅支持doc文档格式上传")
	b.do(t, "choose the document", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{path}, chromedp.NodeReady))
	b.clickAndLoad(t, "提交投稿", "#submission-upload")
	b.expectText(t, "#submissions", "待审核")
	b.screenshot(t, "s0-submission.png")
	b.phoneShot(t, "s0-submission-390.png")

	ed := newBrowser(t, s.url)
	ed.staffLogin(t, "editor-s", financePass)
	ed.expectText(t, `.sidemenu a[href="/admin/submissions"] .badge`, "1") // the work queue's badge
	ed.expectText(t, "main", "企业会员提交、待审核的投稿")                              // 后台首页's card
	ed.screenshot(t, "s1-editor-home.png")
	ed.clickAndLoad(t, "投稿审核", `.sidemenu a[href="/admin/submissions"]`)
	ed.expectText(t, "#submission-queue", name)
	ed.screenshot(t, "s1-queue.png")
	ed.clickAndLoad(t, "审核", "#submission-queue tbody a")
	ed.expectText(t, "#submission-text", "全体员工参加QC小组活动")
	ed.screenshot(t, "s2-review.png")
	ed.phoneShot(t, "s2-review-390.png")
	ed.fill(t, [2]string{"f-title", "质量月活动纪实"})
	ed.clickAndLoad(t, "审核通过并发布", "#submission-approve")

	visitor := newBrowser(t, s.url)
	visitor.open(t, "/member-news")
	visitor.expectText(t, "main", "质量月活动纪实")
	visitor.screenshot(t, "s3-member-news.png")

	b.open(t, "/member/submissions")
	b.expectText(t, "#submissions", "已发布")
	// The member is told through the review's event: in the portal and by mail.
	s.env.Mailbox.WaitFor(t, "submission-e2e@example.com", "投稿已通过审核", 10*time.Second)
	notice := "已通过审核，可在官网首页“会员动态”专栏查看"
	if !s.env.WaitUntil(10*time.Second, func() bool {
		b.open(t, "/member/notifications")
		return strings.Contains(b.text(t, "main"), notice)
	}) {
		t.Fatalf("no notification %q", notice)
	}
	b.screenshot(t, "s4-notification.png")
	for _, br := range []*browser{b, ed, visitor} {
		if ex := br.uncaught(); len(ex) > 0 {
			t.Errorf("page exceptions: %v", ex)
		}
	}
}
