package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

const sandboxTag = `<span class="tag tag--sandbox">沙箱支付（未实际收款）</span>`

// rowOf returns the table row of body that contains text ("" when none).
func rowOf(body, text string) string {
	i := strings.Index(body, text)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end]
}

// payInSandbox pays the member's fee at the embedded sandbox's cashier (立即支付,
// 确认付款) and returns the payment: recorded, but open — a sandbox payment
// waits for finance.
func (f *feeFixture) payInSandbox(t *testing.T, mb *browser, memberID string) *payment.Payment {
	t.Helper()
	res := mb.postForm("/member/fees/alipay", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	gateway := pathOf(t, res.location())
	cashier := mb.get(gateway)
	require.Equal(t, http.StatusOK, cashier.Status)
	back := mb.postRaw(gateway, cashierForm(t, cashier.Body), nil)
	require.Equal(t, http.StatusSeeOther, back.Status, back.Body)
	ps := f.payments(t, memberID)
	require.Len(t, ps, 1)
	require.Equal(t, payment.StatusOpen, ps[0].Status(), "no money by itself")
	require.True(t, ps[0].SandboxReported())
	return ps[0]
}

// confirmSandbox is finance's explicit confirmation of a sandbox payment on its
// page (确认到账; the bank reference left empty takes the sandbox's trade
// number); it returns the payment as stored.
func (f *feeFixture) confirmSandbox(t *testing.T, fin *browser, p *payment.Payment) *payment.Payment {
	t.Helper()
	detail := fin.get("/admin/payments/" + p.ID())
	require.Equal(t, http.StatusOK, detail.Status)
	require.Contains(t, detail.Body, "确认到账", "finance may confirm it")
	res := fin.postForm("/admin/payments/"+p.ID()+"/confirm", url.Values{"amount": {"480"},
		"paid_on": {p.PaidOn().Format("2006-01-02")}, "bank_ref": {""}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	ps := f.payments(t, p.MemberID())
	require.Equal(t, payment.StatusConfirmed, ps[0].Status())
	return ps[0]
}

// TestSandboxPaymentsAreTaggedForStaff pays a fee through the embedded Alipay
// sandbox: the payment is recorded as a sandbox payment, waits in finance's
// queue until finance confirms it, and every page where staff see it —
// finance's queue and detail, the secretariat's approval list — and the
// member's own fee page tag it 「沙箱支付（未实际收款）」. A transfer finance
// confirmed is not tagged.
func TestSandboxPaymentsAreTaggedForStaff(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "沙箱个人", "sandbox-tag@example.com")
	paid := f.payInSandbox(t, mb, p.ID)
	assert.True(t, paid.Sandbox(), "the gateway was the sandbox")
	assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID), "缴费确认中 until finance confirms")
	fin := f.staff(t, "finance-sandbox", "finance")
	queue := fin.get("/admin/payments")
	require.Equal(t, http.StatusOK, queue.Status)
	assert.Contains(t, rowOf(queue.Body, "沙箱个人"), sandboxTag, "finance's open queue holds it, tagged")
	paid = f.confirmSandbox(t, fin, paid)
	assert.True(t, paid.Sandbox(), "still a sandbox payment")
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, p.ID))

	transfer := f.env.ApprovedMember(t, "enterprise", "真实转账公司", "real-transfer@example.com")
	realID := f.env.PayByTransfer(t, transfer, "REAL0001")

	list := fin.get("/admin/payments?status=confirmed")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Contains(t, rowOf(list.Body, "沙箱个人"), sandboxTag, "finance's list tags the sandbox payment")
	assert.NotEmpty(t, rowOf(list.Body, "真实转账公司"))
	assert.NotContains(t, rowOf(list.Body, "真实转账公司"), "沙箱", "a transfer is real money")

	detail := fin.get("/admin/payments/" + paid.ID())
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Contains(t, detail.Body, "<strong>沙箱支付（未实际收款）</strong>：这笔款项由支付沙箱报告到账，没有产生真实扣款")
	assert.Contains(t, detail.Body, "<dd>支付宝 "+sandboxTag+"</dd>")
	assert.NotContains(t, fin.get("/admin/payments/"+realID).Body, "沙箱支付")

	sec := f.staff(t, "secretariat-sandbox", "secretariat")
	approvals := sec.get("/admin/memberships")
	require.Equal(t, http.StatusOK, approvals.Status)
	assert.Contains(t, rowOf(approvals.Body, "沙箱个人"), sandboxTag, "the secretariat sees no money arrived")
	assert.NotContains(t, rowOf(approvals.Body, "真实转账公司"), "沙箱")

	fees := mb.get("/member/fees")
	assert.Contains(t, rowOf(fees.Body, "支付宝"), sandboxTag, "the member's own record says so too")

	// The transfer is stored unmarked.
	ps := f.payments(t, transfer.ID)
	require.NotEmpty(t, ps)
	assert.False(t, ps[0].Sandbox())
}

// TestFeePageShowsTheJoinFlow checks the progress bar on 缴纳会费: step ④
// current while the member is joining (paying, then waiting for the
// secretariat), and gone once the member is active.
func TestFeePageShowsTheJoinFlow(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	_, ent := f.approvedMember(t, "enterprise", "步骤缴费公司", "fee-steps@example.com")
	page := ent.get("/member/fees")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Equal(t, []string{"is-done", "is-done", "is-done", "is-current"}, stepStates(page.Body))
	assert.Contains(t, page.Body, `缴费并等待审核<span class="visually-hidden">（当前步骤）</span>`)
	assert.Less(t, strings.Index(page.Body, "入会流程"), strings.Index(page.Body, `id="page-title"`),
		"the bar comes above the page")

	p, ind := f.approvedMember(t, "individual", "步骤缴费个人", "fee-steps-ind@example.com")
	assert.Equal(t, []string{"is-done", "is-done", "is-current"}, stepStates(ind.get("/member/fees").Body))
	f.confirmSandbox(t, f.staff(t, "finance-steps", "finance"), f.payInSandbox(t, ind, p.ID))
	assert.Equal(t, []string{"is-done", "is-done", "is-current"}, stepStates(ind.get("/member/fees").Body),
		"still joining while the secretariat has not approved")

	sec := f.staff(t, "secretariat-steps", "secretariat")
	res := sec.postForm("/admin/memberships/approve", url.Values{"member_id": {p.ID}, "doc_no": {"中质协〔2024〕9号"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = ind.get("/member/fees")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Empty(t, stepStates(page.Body), "an active member is no longer joining")
	assert.NotContains(t, page.Body, "入会流程")
}
