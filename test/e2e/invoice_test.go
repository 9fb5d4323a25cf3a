package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
)

// e2eInvoicePDF is the e-invoice finance uploads.
const e2eInvoicePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"

// invoiceFile writes the e-invoice PDF to a temporary file and returns its path.
func invoiceFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "发票.pdf")
	if err := os.WriteFile(p, []byte(e2eInvoicePDF), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// phoneShot emulates a 390 px phone, checks the page does not scroll sideways,
// saves a screenshot and goes back to the desktop.
func (b *browser) phoneShot(t *testing.T, name string) {
	t.Helper()
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch),
		chromedp.Reload())
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("%s: on a 390 px phone the page is %d px wide", name, w)
	}
	b.screenshot(t, name)
	b.desktop(t)
}

// issueFirst opens 发票管理 in the finance window, the first pending request,
// and issues it with the number and the e-invoice file.
func (b *browser) issueFirst(t *testing.T, number string, shots [2]string) {
	t.Helper()
	if p := b.clickAndLoad(t, "发票管理", `.sidemenu a[href="/admin/invoices"]`); p != "/admin/invoices" {
		t.Fatalf("发票管理 led to %s", p)
	}
	b.expectText(t, ".queue-tabs", "待开票 1")
	b.screenshot(t, shots[0])
	b.clickAndLoad(t, "处理", `#invoice-queue td:last-child a`)
	b.expectText(t, "#payment-title", "所属缴费")
	b.fill(t, [2]string{"f-number", number})
	b.do(t, "choose the e-invoice", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{invoiceFile(t)},
		chromedp.NodeReady))
	b.clickAndLoad(t, "开具发票", "#issue-invoice")
	b.expectText(t, ".alert--success", "发票已开具")
	b.expectText(t, "#invoice-state", "已开票")
	b.screenshot(t, shots[1])
}

// TestBrowserInvoice: an enterprise whose transfer finance confirmed asks for
// its invoice on 申请发票 (a wrong tax ID told under the field first), finance
// issues it with a PDF in a second window, the member downloads the file and
// the 缴费状态 line reads 已完成缴费;已开发票. Screenshots 80-… to 85-….
func TestBrowserInvoice(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	const name = "开票测试公司"
	p := s.env.ApprovedMember(t, "enterprise", name, "invoice-e2e@example.com")
	s.env.PayByTransfer(t, p, "ICBC20240301001")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if p := b.clickAndLoad(t, "申请发票", `.sidemenu a[href="/member/invoices"]`); p != "/member/invoices" {
		t.Fatalf("申请发票 led to %s", p)
	}
	b.expectText(t, "#notice-title", "关于中国质量协会会员缴纳")
	b.expectText(t, "#open-title", "已缴会费开票")
	if got := run(t, b, "title value", chromedp.Value(chromedp.ID("f-title"))); got != name {
		t.Errorf("申请开票企业名称 defaults to %q", got)
	}
	b.do(t, "查看发票样式", chromedp.Click(`#invoice-sample summary`, chromedp.NodeVisible))
	b.expectText(t, "#sample-title", name)
	b.screenshot(t, "80-invoice-request.png")
	b.fill(t, [2]string{"f-tax-id", "91350100M000100Y4X"}, [2]string{"f-email", "cw@kaipiao.example"})
	b.clickAndLoadStatus(t, "提交 (wrong tax ID)", "#invoice-submit", 422)
	if msg := b.fieldError(t, "f-tax-id"); !strings.Contains(msg, "校验") {
		t.Errorf("message next to 纳税人识别号: %q", msg)
	}
	b.fill(t, [2]string{"f-tax-id", "91350100M000100Y43"})
	b.clickAndLoad(t, "提交", "#invoice-submit")
	b.expectText(t, ".alert--success", "开票申请已提交")
	b.expectText(t, "#invoice-requests", "待开票")
	b.screenshot(t, "81-invoice-requested.png")
	b.phoneShot(t, "81-invoice-requested-390.png")

	fin := b.secondWindow(t)
	fin.staffLogin(t, financeUser, financePass)
	fin.issueFirst(t, "24112000000012345678", [2]string{"82-finance-invoices.png", "83-finance-issued.png"})
	fin.phoneShot(t, "83-finance-issued-390.png")

	b.reload(t)
	b.expectText(t, "#invoice-requests", "已开票")
	href := b.jsAttr(t, `#invoice-requests a[download]`, "href")
	res, body := b.fetch(t, urlPath(href))
	if res.StatusCode != 200 || string(body) != e2eInvoicePDF {
		t.Errorf("download: %d %q", res.StatusCode, truncate(string(body), 40))
	}
	b.screenshot(t, "84-invoice-issued.png")
	b.open(t, "/member/fees")
	if got := b.text(t, "#status-line"); got != "缴费状态：已完成缴费;已开发票" {
		t.Errorf("status line %q", got)
	}
	b.screenshot(t, "85-fees-invoiced.png")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
}

// TestBrowserAdvanceInvoice: an approved enterprise follows 申请借发票 from
// 缴纳会费, fills the online form beside 开票教程, downloads the filled
// 《提前开票申请》 (its text read back) and uploads the stamped scan; finance
// issues the invoice; two days after the expected day the advance is in
// 逾期未回款; the bank statement line of the fee settles it and it leaves the
// list. Screenshots 86-… to 89-….
func TestBrowserAdvanceInvoice(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	const name = "借票测试公司"
	p := s.env.ApprovedMember(t, "enterprise", name, "advance-e2e@example.com")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	b.open(t, "/member/fees")
	b.expectText(t, "#invoice-hint", "缴费成功后，登录主页进行开发票申请，企业财务如需“先借发票再缴费”请点击 申请借发票")
	if p := b.clickAndLoad(t, "申请借发票", "#advance-link"); p != "/member/invoices/advance" {
		t.Fatalf("申请借发票 led to %s", p)
	}
	for _, step := range []string{"在线填写申请表", "在线提交数据", "下载《提前开票申请》后，盖章，扫描或拍照", "上传盖章扫描件"} {
		b.expectText(t, ".tutorial", step)
	}
	b.phoneShot(t, "86-advance-form-390.png") // before filling: it reloads the page
	expected := s.env.App.Clock.Now().AddDate(0, 0, 1).Format("2006-01-02")
	b.fill(t, [2]string{"f-tax-id", "91350100M000100Y43"}, [2]string{"f-contact", "李会计"},
		[2]string{"f-contact-phone", "13800138000"}, [2]string{"f-email", "cw@jiepiao.example"})
	b.fillArea(t, "f-reason", "年底财务结算需先开票")
	b.do(t, "expected day", chromedp.SetValue(chromedp.ID("f-expected-on"), expected))
	b.screenshot(t, "86-advance-form.png")
	b.clickAndLoad(t, "提交", "#advance-submit")
	b.expectText(t, ".alert--success", "申请表已提交")
	b.expectText(t, ".tutorial__step.is-current", "下载《提前开票申请》")

	res, pdf := b.fetch(t, urlPath(b.jsAttr(t, "#advance-pdf", "href")))
	if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("《提前开票申请》: %d %q", res.StatusCode, truncate(string(pdf), 40))
	}
	checkPDFText(t, pdf, "提前开票申请", name, "¥5000", "年底财务结算需先开票", "单位盖章")
	b.do(t, "choose the stamped scan", chromedp.SetUploadFiles(chromedp.ID("f-scan"), []string{stampedScan(t)},
		chromedp.NodeReady))
	b.clickAndLoad(t, "上传盖章扫描件", "#advance-upload")
	b.expectText(t, ".alert--success", "盖章扫描件已上传")
	b.screenshot(t, "87-advance-uploaded.png")

	fin := b.secondWindow(t)
	fin.staffLogin(t, financeUser, financePass)
	fin.issueFirst(t, "24112000000087654321", [2]string{"88-finance-advance-queue.png", "88-finance-advance-issued.png"})
	b.reload(t)
	b.expectText(t, "#advance-current", "未回款")
	b.open(t, "/member/fees")
	if got := b.text(t, "#status-line"); got != "缴费状态：未缴费-已借发票" {
		t.Errorf("status line %q", got)
	}

	// Two days on, the advance is overdue (finance logs in again: sessions last 12 h).
	s.env.Clock.Advance(48 * time.Hour)
	fin.staffLogin(t, financeUser, financePass)
	fin.open(t, "/admin/invoices?tab=overdue")
	fin.expectText(t, "#invoice-queue", name)
	fin.expectText(t, "#invoice-queue", "已逾期")
	fin.screenshot(t, "89-finance-overdue.png")

	settleByStatement(t, s, p.ID)
	fin.waitForText(t, s.env, ".card", "没有逾期未回款的借发票", 10*time.Second)
	fin.expectText(t, ".queue-tabs", "逾期未回款 0")
	fin.screenshot(t, "89-finance-overdue-settled.png")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
}

// settleByStatement imports the bank statement line of the member's fee (its
// reference code in the memo) and confirms it, as finance.
func settleByStatement(t *testing.T, s *site, memberID string) {
	t.Helper()
	ctx := context.Background()
	finance := s.env.Staff(t, access.RoleFinance)
	ref := s.stored(t, memberID).PaymentRef()
	day := s.env.App.Clock.Now().Format("2006-01-02")
	csv := "交易日期,摘要,对方户名,贷方金额,借方金额,流水号\n" + fmt.Sprintf("%s,会费 %s,借票测试公司,5000.00,,B9001\n", day, ref)
	imp, err := s.env.App.Commands.ImportStatement.Handle(ctx, command.ImportStatement{Principal: finance,
		FileName: "对账单.csv", Content: strings.NewReader(csv)})
	if err != nil {
		t.Fatalf("import statement: %v", err)
	}
	if _, err := s.env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID}); err != nil {
		t.Fatalf("confirm statement: %v", err)
	}
}

// checkPDFText reads a PDF's text back (pdftotext) and checks it holds want.
func checkPDFText(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: the PDF's text is not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output() // #nosec G204 -- fixed tool, test file
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
}
