package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

// TestBrowserMoneyCases: a person whose transfer claim awaits finance is not
// offered 支付宝付款 and is told why; finance confirms ¥430 of the ¥480 fee
// (¥50 of bank fees, the default tolerance) as paid in full; the member's
// history names the fees. Screenshots 60-… to 63-… (1280 px and 390 px).
func TestBrowserMoneyCases(t *testing.T) {
	requireBrowser(t)
	s := startSite(t, membershiptest.WithAlipaySandbox())
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	const name = "李手续"
	p := s.env.ApprovedMember(t, "individual", name, "money-e2e@example.com")
	pid, err := s.env.Module.App().Commands.ClaimPayment.Handle(context.Background(), command.ClaimPayment{
		Principal: access.Principal{Kind: access.PrincipalMember, ID: p.ID, Role: access.RoleIndividual}})
	if err != nil {
		t.Fatalf("claim: %v", err)
	}

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	b.open(t, "/member/fees")
	b.expectText(t, "#online-held", "确认前不提供支付宝付款，以免重复缴费")
	if n := run(t, b, "no paybox", chromedp.Evaluate[int](`document.querySelectorAll('#pay-online').length`)); n != 0 {
		t.Errorf("立即支付 offered while the claim waits")
	}
	b.screenshot(t, "60-money-online-held.png")

	fin := b.secondWindow(t)
	fin.staffLogin(t, financeUser, financePass)
	fin.open(t, "/admin/payments/"+pid)
	fin.expectText(t, "#bank-fee-hint", "在系统设定的手续费限额内按足额确认")
	fin.fill(t, [2]string{"f-amount", "430"}, [2]string{"f-bank-ref", "ICBC-FEE-430"})
	fin.screenshot(t, "61-money-finance-confirm.png")
	fin.clickAndLoad(t, "确认到账", `.decide__approve button[type="submit"]`)
	fin.expectText(t, ".alert--success", "已确认到账")

	b.reload(t)
	b.expectText(t, ".table", "实收¥430，银行手续费¥50，按足额确认")
	if got := b.text(t, "#status-line"); !strings.HasPrefix(got, "缴费状态：已完成缴费") {
		t.Errorf("status line after confirmation %q", got)
	}
	b.screenshot(t, "62-money-history.png")
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	b.reload(t)
	b.screenshot(t, "63-money-history-phone.png")
}
