package e2e_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The applicant and the reviewer of the application journey.
const (
	applicantName  = "福建精密仪器测试有限公司"
	applicantEmail = "apply-e2e@example.com"
	applicantPass  = "Apply2024a"
	reviewerUser   = "reviewer-e2e"
	reviewerPass   = "Review2024b"
	validUSCC      = "91350100M000100Y43"
)

// numberRe is an enterprise member number of the default format (YY + six digits).
var numberRe = regexp.MustCompile(`^\d{8}$`)

// TestBrowserApplicationJourney drives a real chromium through the enterprise
// application: register, fill in 单位会员入会申请表 (first with a wrong 统一社会信用代码,
// reported next to its field), 下一步, download the filled PDF, upload the stamped
// scan through the file input, tick the confirmation, 下一步 → 等待审核; then a
// reviewer logs in to the back office, finds the application in 入会审核, sees the
// scan inline and approves it; the member logs in again and sees 审核通过 with the
// member number and the notification in 通知提醒. Screenshots of each step go to
// the artifacts (10-… to 32-…).
func TestBrowserApplicationJourney(t *testing.T) {
	requireBrowser(t)
	start := time.Now()
	s := startSite(t)
	s.env.CreateStaff(t, reviewerUser, "reviewer", reviewerPass)
	b := newBrowser(t, s.url)

	// ① 注册账号, then 登录.
	b.registerEnterprise(t, applicantEmail, applicantName, applicantPass)
	b.verifyEmail(t, s.env, applicantEmail)
	b.login(t, applicantName, applicantPass)
	if got := b.text(t, `.sidemenu a[href="/member/application"]`); got != "入会申请" {
		t.Errorf("the left menu's 入会申请 entry reads %q", got)
	}

	// ② 填写入会申请表: from the home page's next step.
	if p := b.clickAndLoad(t, "填写入会申请表", `.next-step a[href="/member/application/form"]`); p != "/member/application/form" {
		t.Fatalf("填写入会申请表 led to %s", p)
	}
	if got := b.text(t, "#page-title"); got != "中国质量协会单位会员入会申请表" {
		t.Errorf("form title %q", got)
	}
	if got := run(t, b, "单位名称", chromedp.Value(chromedp.ID("f-name"))); got != applicantName {
		t.Errorf("单位名称 is pre-filled with %q, want %s", got, applicantName)
	}
	b.checkSteps(t, 2)
	b.screenshot(t, "10-application-form.png")

	// The same form on a phone: one column, nothing scrolls sideways.
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch),
		chromedp.Reload(),
	)
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px phone the application form is %d px wide: it scrolls sideways", w)
	}
	b.screenshot(t, "10-application-form-mobile.png")
	b.desktop(t)

	// A wrong check character and an unchosen industry are reported at their fields.
	b.fill(t, [2]string{"f-uscc", "91350100M000100Y44"})
	b.clickAndLoadStatus(t, "下一步 (wrong USCC)", `button[name="action"][value="next"]`, http.StatusUnprocessableEntity)
	if got := b.fieldError(t, "f-uscc"); got != "统一社会信用代码校验位错误，请核对" {
		t.Errorf("message next to 统一社会信用代码: %q", got)
	}
	if got := b.fieldError(t, "f-industry"); got != "请选择所属行业" {
		t.Errorf("message next to 所属行业: %q", got)
	}
	if got := run(t, b, "kept name", chromedp.Value(chromedp.ID("f-name"))); got != applicantName {
		t.Errorf("单位名称 was not kept: %q", got)
	}
	b.screenshot(t, "11-application-form-errors.png")

	// The whole form, correctly.
	b.fill(t,
		[2]string{"f-uscc", validUSCC},
		[2]string{"f-address", "福建省福州市鼓楼区五四路158号"},
		[2]string{"f-postal-code", "350003"},
		[2]string{"f-legal-rep-name", "王建国"},
		[2]string{"f-legal-rep-title", "董事长"},
		[2]string{"f-contact-name", "李明"},
		[2]string{"f-contact-dept", "质量管理部"},
		[2]string{"f-contact-title", "部长"},
		[2]string{"f-contact-phone", "0591-87654321"},
		[2]string{"f-contact-mobile", "13812345678"},
		[2]string{"f-contact-email", "liming@example.com"},
		[2]string{"f-filled-by", "李明"},
	)
	b.fillArea(t, "f-profile", "本公司专业从事精密仪器的研发与生产，通过ISO 9001质量管理体系认证。")
	b.choose(t, "f-ownership", "private")
	b.choose(t, "f-industry", "C")
	b.choose(t, "f-province", "35")
	b.choose(t, "f-employees", "300-999")
	b.screenshot(t, "12-application-form-filled.png")

	// 下一步 → ③ 打印盖章并上传.
	if p := b.clickAndLoad(t, "下一步", `button[name="action"][value="next"]`); p != "/member/application/upload" {
		alert, _ := b.tryText(".field__error, .alert--error")
		b.fatal(t, "下一步", fmt.Errorf("landed on %s (%s)", p, alert))
	}
	b.checkSteps(t, 3)
	if got := b.text(t, ".upload .field__hint"); got != "只能上传1个PNG/JPG文件, 且不超过10MB." {
		t.Errorf("upload hint %q", got)
	}
	b.screenshot(t, "13-upload-step.png")

	// 前往下载文件: the filled form as a PDF download.
	href := b.jsAttr(t, `a[download]`, "href")
	if got := b.text(t, `a[download]`); got != "前往下载文件" || href != "/member/application/pdf" {
		t.Fatalf("download link %q → %q", got, href)
	}
	res, pdf := b.fetch(t, href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		!bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("前往下载文件: status %d, type %q, starts %q", res.StatusCode, res.Header.Get("Content-Type"),
			truncate(string(pdf), 20))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") ||
		!strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q", cd)
	}
	t.Logf("downloaded the application form: %d bytes", len(pdf))

	// Submitting before uploading or ticking is refused at the checkbox and the file.
	b.clickAndLoadStatus(t, "下一步 without scan or tick", `form[action="/member/application/submit"] button[type="submit"]`,
		http.StatusUnprocessableEntity)
	if got := b.fieldError(t, "f-confirm-stamped"); got != "请勾选「我已打印盖章并上传《入会申请表》」" {
		t.Errorf("message at the tick: %q", got)
	}
	if got := b.fieldError(t, "f-scan"); got != "请上传盖章后的入会申请表扫描件" {
		t.Errorf("message at the file input: %q", got)
	}

	// Upload the stamped scan through the file input.
	b.do(t, "choose scan", chromedp.SetUploadFiles(chromedp.ID("f-scan"), []string{stampedScan(t)}, chromedp.NodeReady))
	b.clickAndLoad(t, "上传", `form[action="/member/application/scan"] button[type="submit"]`)
	if got := b.text(t, ".alert--success"); !strings.Contains(got, "上传成功") {
		t.Errorf("after 上传: %q", got)
	}
	if w, h := b.imageShown(t, ".scan-preview img"); w != 620 || h != 877 {
		t.Errorf("the preview shows a %d×%d picture, want the 620×877 scan", w, h)
	}
	b.screenshot(t, "14-scan-uploaded.png")

	// Tick, 下一步 → ④ 等待审核.
	b.do(t, "tick", chromedp.Click(chromedp.ID("f-confirm-stamped"), chromedp.NodeVisible))
	if p := b.clickAndLoad(t, "下一步 (submit)", `form[action="/member/application/submit"] button[type="submit"]`); p != "/member/application" {
		t.Fatalf("下一步 led to %s", p)
	}
	if got := b.text(t, "#page-title"); got != "等待审核" {
		t.Fatalf("after submitting: %q, want 等待审核", got)
	}
	b.checkSteps(t, 4)
	b.screenshot(t, "15-waiting.png")
	b.logout(t)

	// The reviewer approves in the back office.
	b.staffLogin(t, reviewerUser, reviewerPass)
	if p := b.clickAndLoad(t, "menu 入会审核", `.sidemenu a[href="/admin/applications"]`); p != "/admin/applications" {
		t.Fatalf("入会审核 led to %s", p)
	}
	if got := b.text(t, `.queue-tabs a[aria-current="page"]`); got != "待审核 1" {
		t.Errorf("the current tab reads %q, want 待审核 1", got)
	}
	if got := b.text(t, ".table tbody tr:first-child td:first-child"); got != applicantName {
		t.Errorf("the queue's first row is %q", got)
	}
	b.screenshot(t, "20-review-queue.png")
	b.clickAndLoad(t, "审核 link", ".table tbody tr:first-child a")
	if w, _ := b.imageShown(t, ".scan-preview img"); w != 620 {
		t.Errorf("the stamped scan is not shown inline (width %d)", w)
	}
	if got := b.text(t, "#page-title"); got != "中国质量协会单位会员入会申请表" {
		t.Errorf("detail title %q", got)
	}
	b.screenshot(t, "21-review-detail.png")
	b.clickAndLoad(t, "审核通过", `form[action$="/approve"] button[type="submit"]`)
	if got := b.text(t, ".alert--success"); !strings.Contains(got, "已审核通过") {
		t.Errorf("after 审核通过: %q", got)
	}
	number := run(t, b, "member number", chromedp.Evaluate[string](`(() => {
		const dt = Array.from(document.querySelectorAll('dt')).find(d => d.textContent.trim() === '会员号:');
		return dt ? dt.nextElementSibling.textContent.trim() : '';
	})()`))
	if !numberRe.MatchString(number) {
		t.Fatalf("member number %q, want eight digits", number)
	}
	b.screenshot(t, "22-approved-back-office.png")
	if p := b.clickAndLoad(t, "后台退出", `.account__logout button[type="submit"]`); p != "/admin/login" {
		t.Fatalf("退出 led to %s", p)
	}

	// The member sees 审核通过, the number and the notification.
	b.login(t, applicantName, applicantPass)
	want := fmt.Sprintf("企业【%s】的入会申请资料已通过, 会员号: %s", applicantName, number)
	b.waitForText(t, s.env, "#notifications .notes", want, 10*time.Second)
	if got := b.text(t, ".account__number"); got != "会员编号: "+number {
		t.Errorf("header shows %q", got)
	}
	if got := b.text(t, ".next-step"); !strings.Contains(got, "审核通过") || !strings.Contains(got, number) {
		t.Errorf("the next step reads %q", got)
	}
	if got := b.text(t, ".account__alerts .badge"); !strings.HasPrefix(got, "2") {
		t.Errorf("提醒 badge %q, want 2 unread (submitted, approved)", got)
	}
	b.screenshot(t, "30-member-home-approved.png")

	b.clickAndLoad(t, "查看详情", `.next-step a[href="/member/application"]`)
	if got := b.text(t, "#page-title"); got != "审核通过" {
		t.Errorf("application page title %q, want 审核通过", got)
	}
	if got := b.text(t, ".result-card__number"); got != "会员号: "+number {
		t.Errorf("application page shows %q", got)
	}
	if got := b.text(t, ".result-card"); !strings.Contains(got, "请按照流程提示完成缴费") {
		t.Errorf("the approved screen does not say the fee comes next: %q", got)
	}
	b.screenshot(t, "31-application-approved.png")

	// 提醒 lists both notifications and marks them read.
	b.clickAndLoad(t, "提醒", ".account__alerts")
	if got := b.text(t, ".notes"); !strings.Contains(got, want) || !strings.Contains(got, "已提交") {
		t.Errorf("提醒 lists %q", got)
	}
	b.screenshot(t, "32-notifications.png")
	b.do(t, "reload", chromedp.Reload())
	if n, _ := b.tryText(".account__alerts .badge"); n != "" {
		t.Errorf("after reading, the 提醒 badge still shows %q", n)
	}

	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("uncaught JavaScript errors:\n%s", strings.Join(ex, "\n"))
	}
	t.Logf("application journey took %s", time.Since(start).Round(time.Millisecond))
}

// checkSteps checks the four-step bar shows step current (1–4) as the current
// step, the steps before it done.
func (b *browser) checkSteps(t *testing.T, current int) {
	t.Helper()
	states := run(t, b, "steps", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.steps .steps__item')).map(li =>
		li.classList.contains('is-current') ? 'current:' + (li.getAttribute('aria-current') || '') :
		li.classList.contains('is-done') ? 'done' : 'ahead')`))
	if len(states) != 4 {
		t.Fatalf("the step bar has %d steps, want 4", len(states))
	}
	for i, st := range states {
		want := "ahead"
		switch {
		case i+1 < current:
			want = "done"
		case i+1 == current:
			want = "current:step"
		}
		if st != want {
			t.Errorf("step %d is %s, want %s (all: %v)", i+1, st, want, states)
		}
	}
}
