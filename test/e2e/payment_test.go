package e2e_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// Staff and members of the fee journeys. Members made through the harness have
// the password abc123.
const (
	financeUser     = "finance-e2e"
	financePass     = "Finance2024c"
	secretariatUser = "secretariat-e2e"
	secretariatPass = "Secretary2024d"
	feeMemberPass   = "abc123"
)

var refRe = regexp.MustCompile(`^HF[346789ABCDEFGHJKMNPQRTWXY]{6}$`)

// stored returns the member as the module keeps it.
func (s *site) stored(t *testing.T, id string) *member.Member {
	t.Helper()
	m, err := s.env.Module.Ports().Members.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("member %s: %v", id, err)
	}
	return m
}

// TestBrowserEnterpriseFees drives an approved enterprise member (set up through
// the harness) through 缴纳会费: the page as the manual shows it, 申请查看缴费状态;
// finance, in a second window, finds the claim in 缴费确认, is refused a wrong
// amount and confirms the right one; the member's home says 等待秘书处审批; the
// secretariat approves with the 文号; the member's home — reloaded, not logged in
// again — shows the validity date. Screenshots 40-… to 47-….
func TestBrowserEnterpriseFees(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	s.env.CreateStaff(t, secretariatUser, "secretariat", secretariatPass)
	const name = "测试号"
	p := s.env.ApprovedMember(t, "enterprise", name, "fees-e2e@example.com")
	number := s.stored(t, p.ID).Number()

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if got := b.text(t, `.sidemenu a[href="/member/fees"]`); got != "缴纳会费" {
		t.Errorf("the menu's fee entry reads %q", got)
	}
	if p := b.clickAndLoad(t, "缴纳会费", `.sidemenu a[href="/member/fees"]`); p != "/member/fees" {
		t.Fatalf("缴纳会费 led to %s", p)
	}
	b.expectText(t, "#fee-schedule", "普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年")
	for id, want := range map[string]string{"#payee-name": "中国质量协会", "#payee-account": "0200002809014498969",
		"#payee-bank": "工商银行北京西四支行"} {
		if got := b.text(t, id); got != want {
			t.Errorf("%s reads %q, want %s", id, got, want)
		}
	}
	for _, label := range []string{"会费请汇至：", "银行帐号：", "开户行：", "请注明项目：会费"} {
		b.expectText(t, ".payee", label)
	}
	if ref := b.text(t, "#payment-ref"); !refRe.MatchString(ref) {
		t.Errorf("payment reference code %q", ref)
	}
	b.expectText(t, ".claim", "(请确认缴费后点击此按钮)")
	if got := b.text(t, "#status-line"); got != "缴费状态：未缴费-未开发票" {
		t.Errorf("status line %q", got)
	}
	b.screenshot(t, "40-fees-enterprise.png")

	if p := b.clickAndLoad(t, "申请查看缴费状态", "#claim-payment"); p != "/member/fees" {
		t.Fatalf("申请查看缴费状态 led to %s", p)
	}
	b.expectText(t, ".alert--success", "已申请查看缴费状态")
	if got := b.text(t, "#status-line"); got != "缴费状态：缴费确认中-未开发票" {
		t.Errorf("status line after the claim %q", got)
	}
	b.screenshot(t, "41-fees-claimed.png")

	// Finance, in its own window.
	fin := b.secondWindow(t)
	fin.staffLogin(t, financeUser, financePass)
	// 后台首页 lists finance's queues: the claim waits in 缴费确认.
	fin.expectText(t, ".work-queue--busy .work-queue__title", "缴费确认")
	fin.expectText(t, ".work-queue--busy .work-queue__count strong", "1")
	fin.expectText(t, `.sidemenu a[href="/admin/payments"] .badge`, "1")
	fin.screenshot(t, "42-finance-home.png")
	if p := fin.clickAndLoad(t, "缴费确认", `.sidemenu a[href="/admin/payments"]`); p != "/admin/payments" {
		t.Fatalf("缴费确认 led to %s", p)
	}
	fin.expectText(t, ".queue-tabs", "待确认 1")
	fin.expectText(t, ".table", name)
	fin.screenshot(t, "42-finance-queue.png")
	fin.clickAndLoad(t, "处理", `.table td:last-child a`)
	fin.expectText(t, ".decide", "应缴金额 ¥5000")
	fin.fill(t, [2]string{"f-amount", "500"}, [2]string{"f-bank-ref", "ICBC20190921001"})
	fin.clickAndLoadStatus(t, "确认到账 (wrong amount)", `.decide__approve button[type="submit"]`, http.StatusUnprocessableEntity)
	if got := fin.fieldError(t, "f-amount"); got != "到账金额少于应缴：应缴¥5000，实际¥500。如确为部分缴费，请勾选「按部分缴费登记」，余额¥4500将继续向会员收取（少收不超过¥50的银行手续费可按足额确认）" {
		t.Errorf("message next to 到账金额: %q", got)
	}
	fin.screenshot(t, "43-finance-wrong-amount.png")
	fin.fill(t, [2]string{"f-amount", "5000"})
	fin.clickAndLoad(t, "确认到账", `.decide__approve button[type="submit"]`)
	fin.expectText(t, ".alert--success", "已确认到账")
	fin.screenshot(t, "44-finance-confirmed.png")

	// The member's page, reloaded: paid, awaiting the secretariat.
	b.reload(t)
	if got := b.text(t, "#status-line"); got != "缴费状态：已完成缴费;无发票申请记录" {
		t.Errorf("status line after confirmation %q", got)
	}
	b.open(t, "/member")
	b.expectText(t, ".notice-text", "(该企业还未通过中国质量协会秘书处审批, 最终会员信息以红头文件为准。)")
	if got := b.validity(t); got != "--(等待秘书处审批)" {
		t.Errorf("会员有效期 %q while awaiting the secretariat", got)
	}
	b.screenshot(t, "45-member-awaiting.png")

	// The secretariat approves, in the same second window.
	fin.staffLogout(t)
	fin.approveMembership(t, secretariatUser, secretariatPass, p.ID, "中质协〔2019〕88号",
		[2]string{"46-secretariat-queue.png", "47-secretariat-approved.png"})

	// The member's home shows the validity at once.
	b.reload(t)
	m := s.stored(t, p.ID)
	want := m.ValidUntil().Format("2006-01-02")
	today := time.Now().In(shanghai(t)) // validity counts in the association's calendar days
	if m.Status() != member.StatusActive || want != today.AddDate(1, 0, -1).Format("2006-01-02") {
		t.Errorf("stored: %s until %s", m.Status(), want)
	}
	if got := b.validity(t); got != want {
		t.Errorf("会员有效期 %q, want %s", got, want)
	}
	if got, _ := b.tryText(".notice-text"); got != "" {
		t.Errorf("the secretariat notice is still shown: %q", got)
	}
	b.expectText(t, ".member-head", "编号: "+number)
	b.screenshot(t, "48-member-active.png")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
}

// TestBrowserIndividualFees drives an approved individual member through
// 「支付宝付款 ¥480/年 立即支付」 on a site that opted into the embedded sandbox:
// the sandbox's cashier, 确认付款 (the simulator posts the signed notification),
// the return page (a sandbox payment waits for finance); in a second window
// finance finds the payment tagged 沙箱支付（未实际收款） in 缴费确认 and confirms it
// explicitly, then the secretariat approves; 我的会员卡 shows the validity.
// Screenshots 50-… to 56-….
func TestBrowserIndividualFees(t *testing.T) {
	requireBrowser(t)
	s := startSite(t, membershiptest.WithAlipaySandbox())
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	s.env.CreateStaff(t, secretariatUser, "secretariat", secretariatPass)
	const name = "王小明"
	p := s.env.ApprovedMember(t, "individual", name, "gr-e2e@example.com")
	number := s.stored(t, p.ID).Number()

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	b.clickAndLoad(t, "缴纳会费", `.sidemenu a[href="/member/fees"]`)
	b.expectText(t, ".pay-status", "个人会员请选择支付宝付款")
	paybox := run(t, b, "paybox", chromedp.Evaluate[string](
		`Array.from(document.querySelectorAll('.paybox > span:not([aria-hidden]), .paybox > strong, .paybox > button')).map((e) => e.textContent.trim()).join(' ')`))
	if paybox != "支付宝付款 ¥480/年 立即支付" {
		t.Errorf("the Alipay box reads %q", paybox)
	}
	b.expectText(t, ".voucher", "支持扩展名：.pdf .jpg")
	if got := b.text(t, "#status-line"); got != "缴费状态：未缴费" {
		t.Errorf("status line %q", got)
	}
	b.screenshot(t, "50-fees-individual.png")

	if p := b.clickAndLoad(t, "立即支付", "#pay-online"); p != "/sandbox/alipay/gateway.do" {
		t.Fatalf("立即支付 led to %s", p)
	}
	b.expectText(t, "#amount", "¥480.00")
	b.expectText(t, ".sandbox", "沙箱环境")
	b.screenshot(t, "51-sandbox-cashier.png")

	if p := b.clickAndLoad(t, "确认付款", "#confirm-pay"); p != "/member/fees/alipay/return" {
		t.Fatalf("确认付款 led to %s", p)
	}
	if got := b.text(t, "#page-title"); got != "沙箱支付完成，等待财务确认" {
		t.Errorf("return page title %q", got)
	}
	b.screenshot(t, "52-payment-return.png")
	if got := s.stored(t, p.ID).Status(); got != member.StatusPaymentClaimed {
		t.Errorf("after the sandbox's notification the member is %s", got)
	}

	// Finance sees the sandbox payment for what it is — no money arrived — in
	// its queue, and counts it only by confirming it explicitly.
	sec := b.secondWindow(t)
	sec.staffLogin(t, financeUser, financePass)
	sec.open(t, "/admin/payments")
	sec.expectText(t, ".table .tag--sandbox", "沙箱支付（未实际收款）")
	sec.clickAndLoad(t, "处理", `.table td:last-child a`)
	sec.expectText(t, ".alert--warning", "没有产生真实扣款")
	sec.screenshot(t, "53-finance-sandbox-payment.png")
	sec.fill(t, [2]string{"f-amount", "480"})
	sec.clickAndLoad(t, "确认到账", `.decide__approve button[type="submit"]`)
	sec.expectText(t, ".alert--success", "已确认到账")
	sec.staffLogout(t)
	if got := s.stored(t, p.ID).Status(); got != member.StatusAwaitingSecretariat {
		t.Errorf("after finance's confirmation the member is %s", got)
	}

	b.open(t, "/member")
	if got := b.validity(t); got != "--(等待秘书处审批)" {
		t.Errorf("会员有效期 %q while awaiting the secretariat", got)
	}
	b.screenshot(t, "53-member-awaiting.png")
	sec.approveMembership(t, secretariatUser, secretariatPass, p.ID, "中质协〔2019〕89号",
		[2]string{"54-secretariat-queue.png", "55-secretariat-approved.png"})

	b.reload(t)
	want := s.stored(t, p.ID).ValidUntil().Format("2006-01-02")
	if got := b.validity(t); got != want {
		t.Errorf("会员有效期 %q, want %s", got, want)
	}
	if p := b.clickAndLoad(t, "我的会员卡", `.member-head a[href="/member/card"]`); p != "/member/card" {
		t.Fatalf("我的会员卡 led to %s", p)
	}
	if got := b.text(t, "#card-name"); got != name {
		t.Errorf("card name %q", got)
	}
	if got := b.text(t, "#card-number"); got != number {
		t.Errorf("card number %q, want %s", got, number)
	}
	if got := b.text(t, "#card-validity"); got != want {
		t.Errorf("card validity %q, want %s", got, want)
	}
	b.screenshot(t, "56-member-card.png")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
}
