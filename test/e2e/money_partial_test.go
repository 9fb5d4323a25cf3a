package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

// openClaimOf is the member's claim awaiting finance, read through the core.
func openClaimOf(t *testing.T, s *site, memberID string) string {
	t.Helper()
	v, err := s.env.Module.App().Queries.FeePage.Handle(context.Background(), query.FeePage{
		Principal: access.Principal{Kind: access.PrincipalMember, ID: memberID, Role: access.RoleEnterprise}})
	if err != nil || v.OpenPayment == nil {
		t.Fatalf("the member's open claim: %v %+v", err, v.OpenPayment)
	}
	return v.OpenPayment.ID
}

// TestBrowserPartialPayment: an enterprise claims its transfer; finance
// confirms ¥4000 of the ¥5000 fee as a partial payment (the box 「按部分缴费登记」);
// the member sees 「部分缴费（已缴¥4000，尚欠¥1000）」 on 缴纳会费 and its home,
// claims again and the line reads 已完成缴费 once finance
// confirms ¥1200 for the ¥1000 balance: the ¥200 is 退款待办 until finance marks
// it refunded; finance exports the ledger (缴费台账) with both rows. Screenshots
// 90-… to 97-… (1280 px and 390 px).
func TestBrowserPartialPayment(t *testing.T) {
	requireBrowser(t)
	s := startSite(t, membershiptest.WithAlipaySandbox())
	s.env.CreateStaff(t, financeUser, "finance", financePass)
	const name = "部分缴费科技有限公司"
	p := s.env.ApprovedMember(t, "enterprise", name, "partial-e2e@example.com")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	b.open(t, "/member/fees")
	b.clickAndLoad(t, "申请查看缴费状态", "#claim-payment")
	pid := openClaimOf(t, s, p.ID)

	fin := b.secondWindow(t)
	fin.staffLogin(t, financeUser, financePass)
	fin.open(t, "/admin/payments/"+pid)
	fin.fill(t, [2]string{"f-amount", "4000"}, [2]string{"f-bank-ref", "ICBC-PART-1"})
	fin.do(t, "tick partial", chromedp.Click(`input[name="partial"]`, chromedp.NodeVisible))
	fin.screenshot(t, "90-partial-finance-confirm.png")
	fin.clickAndLoad(t, "确认到账", `.decide__approve button[type="submit"]`)
	fin.expectText(t, ".alert--success", "部分缴费的余额将继续向会员收取")

	b.reload(t)
	b.expectText(t, "#status-line", "缴费状态：部分缴费（已缴¥4000，尚欠¥1000）-未开发票")
	b.expectText(t, "#balance-due", "请缴纳余额 ¥1000")
	b.screenshot(t, "91-partial-member-fees.png")
	b.phone(t, "92-partial-member-fees-phone.png")
	b.desktop(t)
	b.open(t, "/member")
	b.expectText(t, "main", "部分缴费（已缴¥4000，尚欠¥1000）")

	b.open(t, "/member/fees")
	b.clickAndLoad(t, "申请查看缴费状态（余额）", "#claim-payment")
	second := openClaimOf(t, s, p.ID)
	fin.open(t, "/admin/payments/"+second)
	fin.expectText(t, ".decide__approve", "应缴金额 ¥1000")
	fin.fill(t, [2]string{"f-amount", "1200"}, [2]string{"f-bank-ref", "ICBC-PART-2"})
	fin.clickAndLoad(t, "确认余额", `.decide__approve button[type="submit"]`)
	fin.expectText(t, ".alert--success", "已确认到账")

	b.reload(t)
	if got := b.text(t, "#status-line"); got != "缴费状态：已完成缴费;无发票申请记录" {
		t.Errorf("status line after the balance %q", got)
	}
	b.expectText(t, ".table", "部分缴费：实收¥4000，尚欠¥1000（已由后续缴费补齐）")
	b.screenshot(t, "93-partial-completed.png")

	// ¥200 too much: 退款待办, marked refunded on the payment.
	fin.open(t, "/admin/refunds")
	fin.expectText(t, ".table", "¥200")
	fin.screenshot(t, "96-refunds-due.png")
	fin.phone(t, "97-refunds-due-phone.png")
	fin.desktop(t)
	fin.clickAndLoad(t, "办理退款", `.table a[href^="/admin/payments/"]`)
	fin.fill(t, [2]string{"f-refund-ref", "ICBC-RF-1"})
	fin.clickAndLoad(t, "标记已退款", "#mark-refunded")
	fin.expectText(t, ".alert--success", "已标记为已退款")

	// Finance exports the ledger from 缴费确认: the form's filters, as CSV.
	fin.open(t, "/admin/payments?status=confirmed")
	fin.expectText(t, "#ledger-title", "导出缴费台账")
	csv := run(t, fin, "fetch ledger", chromedp.Evaluate[string](
		`(() => { const f = document.querySelector('form[action="/admin/payments/ledger"]');
		  const q = new URLSearchParams(new FormData(f)); q.set('format', 'csv');
		  return fetch(f.action + '?' + q).then(r => r.arrayBuffer())
		    .then(b => new TextDecoder('utf-8', {ignoreBOM: true}).decode(b)); })()`, chromedp.EvalAwaitPromise))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "\ufeff会员号,会员名称,会费年度,应缴金额,实收金额,银行手续费,尚欠余额") ||
		!strings.Contains(lines[1], "5000.00,4000.00,0.00,1000.00,银行转账,部分到账（已补齐）") ||
		!strings.Contains(lines[2], "1000.00,1200.00,0.00,0.00,银行转账,已确认") ||
		!strings.Contains(lines[2], "已退款 ¥200") {
		t.Errorf("the ledger: %q", csv)
	}
	fin.screenshot(t, "94-partial-ledger-export.png")
	fin.phone(t, "95-partial-ledger-export-phone.png")
	for _, w := range []*browser{b, fin} {
		if errs := w.uncaught(); len(errs) > 0 {
			t.Errorf("uncaught page errors: %v", errs)
		}
	}
}
