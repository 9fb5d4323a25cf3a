package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// A first fee "paid" at a sandbox gateway is no money: the order is recorded
// and waits in finance's queue, the member is 缴费确认中 and the secretariat
// cannot approve it; a redelivery changes nothing. Finance's explicit
// confirmation (its bank reference defaulting to the sandbox's trade number)
// books the fee, and only then does the member reach the secretariat.
func TestSandboxFirstFeeWaitsForFinance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{Sandbox: true}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	skip := len(e.store.Events())
	paid := apptest.GatewayMessage(o.OutTradeNo, "SANDBOX-T1", o.AmountFen, "TRADE_SUCCESS")

	require.NoError(t, e.notifyPaid(gw, paid))
	p := e.payment(o.PaymentID)
	assert.Equal(t, payment.StatusOpen, p.Status(), "not confirmed by the sandbox")
	assert.True(t, p.SandboxReported())
	assert.True(t, p.AwaitsFinance())
	assert.Equal(t, member.StatusPaymentClaimed, e.get(m.ID()).Status(), "缴费确认中, like a voucher")
	assert.Equal(t, []string{"member.payment_claimed"}, e.eventNames(skip), "no payment_confirmed")
	_, err := e.approveMemberships().Handle(e.ctx, command.ApproveMemberships{
		Principal: apptest.StaffOf(access.RoleSecretariat), MemberIDs: []string{m.ID()}, DocNo: "会字〔2024〕8号"})
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind, "the secretariat cannot approve")
	before := e.state(m.ID())
	require.NoError(t, e.notifyPaid(gw, paid), "a redelivery is acknowledged")
	e.unchanged(before, m.ID())

	finance := apptest.StaffOf(access.RoleFinance)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, o.PaymentID, o.AmountFen, "")))
	p = e.payment(o.PaymentID)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.True(t, p.Sandbox(), "still marked as a sandbox payment")
	assert.Equal(t, "SANDBOX-T1", p.BankRef())
	assert.Equal(t, payment.SourceFinance, p.Source())
	assert.Equal(t, finance.ID, p.StaffID())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}

// A renewal paid at a sandbox gateway does not extend the validity; finance's
// confirmation does. Finance may instead reject it: the member owes the fee
// again.
func TestSandboxRenewalWaitsForFinance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{Sandbox: true}
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	end := m.ValidUntil()
	o := e.order(gw, m)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "SANDBOX-R1", o.AmountFen, "TRADE_SUCCESS")))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusExpiring, got.Status())
	assert.Equal(t, end, got.ValidUntil(), "the validity does not grow")
	_, err := e.claimPayment().Handle(e.ctx, command.ClaimPayment{Principal: apptest.MemberOf(m)})
	wantErr(t, err, apperr.KindConflict, "claim_open")

	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), o.PaymentID,
		o.AmountFen, "")))
	got = e.get(m.ID())
	assert.Equal(t, member.StatusActive, got.Status())
	assert.Equal(t, member.OneYearFrom(end.AddDate(0, 0, 1)), got.ValidUntil())

	// Another member's sandbox payment, rejected by finance.
	n := e.member(member.Individual, "李四", member.StatusApproved)
	o2 := e.order(gw, n)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o2.OutTradeNo, "SANDBOX-R2", o2.AmountFen, "TRADE_SUCCESS")))
	require.NoError(t, e.rejectPayment().Handle(e.ctx, command.RejectPayment{
		Principal: apptest.StaffOf(access.RoleFinance), PaymentID: o2.PaymentID, Reason: "沙箱支付，未实际收款"}))
	assert.Equal(t, payment.StatusRejected, e.payment(o2.PaymentID).Status())
	assert.Equal(t, member.StatusApproved, e.get(n.ID()).Status(), "the fee is owed again")
}

// A statement line for a member with both a transfer claim and a sandbox
// payment waiting confirms the claim (the line is a transfer) and closes the
// sandbox payment.
func TestStatementLineConfirmsTheClaimBesideASandboxPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{Sandbox: true}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m) // started before the claim: none is started while a claim is pending
	claimID := e.claim(m)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "SANDBOX-S1", o.AmountFen, "TRADE_SUCCESS")))
	require.True(t, e.payment(o.PaymentID).SandboxReported())

	imported := e.importFile(apptest.StatementFile("2024-03-01,48000,某人,会费 " + e.get(m.ID()).PaymentRef() + ",B001"))
	out, err := e.confirmLines(imported.StatementID)
	require.NoError(t, err)
	assert.Equal(t, []string{claimID}, out.PaymentIDs, "the transfer claim is the one confirmed")
	assert.Equal(t, payment.StatusClosed, e.payment(o.PaymentID).Status(), "the sandbox payment no longer waits")
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}
