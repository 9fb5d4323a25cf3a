package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) markRefunded() *command.MarkRefundedHandler {
	return command.NewMarkRefundedHandler(e.store.Members(), e.store.Payments(), e.store.Notifications(), e.policy,
		e.clock, cst(), e.auditor())
}

// partial is finance's confirmation of amount for payment id as a partial payment.
func (e *env) partial(id string, amount int64, ref string) command.ConfirmPayment {
	c := e.receipt(apptest.StaffOf(access.RoleFinance), id, amount, ref)
	c.Partial = true
	return c
}

// ¥4000 of ¥5000 confirmed as a partial payment: the balance stays due, the
// member pays it with a second claim (for ¥1000), and only that completes the
// fee and sends the member on to the secretariat.
func TestPartialPaymentThenBalanceCompletesTheFee(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	confirm := e.confirmPayment().WithBankFeeTolerance(command.DefaultBankFeeToleranceFen)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	first := e.claim(m)

	require.NoError(t, confirm.Handle(e.ctx, e.partial(first, 400000, "B1")))
	p := e.payment(first)
	assert.Equal(t, payment.StatusPartial, p.Status())
	assert.Equal(t, int64(100000), p.BalanceFen())
	assert.Equal(t, member.StatusApproved, e.get(m.ID()).Status(), "the balance is still due")
	entry := e.auditedOnce(audit.PaymentConfirm, finance, m.ID())
	assert.Contains(t, entry.Summary, "部分缴费：应缴 ¥5000，尚欠 ¥1000")

	second := e.claim(m)
	assert.Equal(t, int64(100000), e.payment(second).AmountFen(), "the second claim is for the balance")
	require.NoError(t, confirm.Handle(e.ctx, e.receipt(finance, second, 100000, "B2")))
	assert.Equal(t, payment.StatusConfirmed, e.payment(second).Status())
	assert.Equal(t, second, e.payment(first).CompletedBy())
	assert.False(t, e.payment(first).Owing())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Len(t, e.audited(audit.PaymentConfirm), 2)
}

// A balance short by no more than the bank fees completes the fee too; one
// still short beyond them is a second partial payment.
func TestPartialPaymentsAddUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	confirm := e.confirmPayment().WithBankFeeTolerance(command.DefaultBankFeeToleranceFen)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	require.NoError(t, confirm.Handle(e.ctx, e.partial(e.claim(m), 300000, "B1")))
	second := e.claim(m)
	require.NoError(t, confirm.Handle(e.ctx, e.partial(second, 100000, "B2")))
	assert.Equal(t, payment.StatusPartial, e.payment(second).Status())
	third := e.claim(m)
	assert.Equal(t, int64(100000), e.payment(third).AmountFen())
	require.NoError(t, confirm.Handle(e.ctx, e.partial(third, 99000, "B3")))
	assert.Equal(t, payment.StatusConfirmed, e.payment(third).Status(), "¥10 short: bank fees")
	assert.Equal(t, int64(1000), e.payment(third).FeesDeductedFen())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}

// A renewal paid in two parts extends the validity once, when complete.
func TestPartialRenewalExtendsValidityOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	confirm := e.confirmPayment()
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	until := e.get(m.ID()).ValidUntil()
	require.NoError(t, confirm.Handle(e.ctx, e.partial(e.claim(m), 30000, "B1")))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusExpiring, got.Status())
	assert.Equal(t, until, got.ValidUntil(), "a part of the fee extends nothing")
	require.NoError(t, confirm.Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), e.claim(m), 18000, "B2")))
	got = e.get(m.ID())
	assert.Equal(t, member.StatusActive, got.Status())
	assert.Equal(t, until.AddDate(1, 0, 0), got.ValidUntil())
}

// An individual with a balance due is charged the balance online, and the
// gateway's payment of it completes the fee.
func TestOnlinePaymentChargesTheBalance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	first := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.partial(first, 30000, "B1")))
	o := e.order(gw, m)
	assert.Equal(t, int64(18000), o.AmountFen)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")))
	assert.Equal(t, payment.StatusConfirmed, e.payment(o.PaymentID).Status())
	assert.Equal(t, o.PaymentID, e.payment(first).CompletedBy())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}

// More than due: the fee is complete and the excess is a refund due.
func TestExcessIsARefundDue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, pid, 520000, "B1")))
	p := e.payment(pid)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, payment.RefundDue, p.RefundState())
	assert.Equal(t, int64(20000), p.RefundFen())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Contains(t, e.auditedOnce(audit.PaymentConfirm, finance, m.ID()).Summary, "多收 ¥200 记为退款待办")
}

// A voucher closed because an online payment completed the fee, then
// confirmed by finance after all (the money did arrive): a duplicate, the
// whole amount a refund due; the member's fee is unchanged.
func TestVoucherAfterOnlinePaymentIsADuplicate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m) // the order was opened before the claim
	pid := e.claim(m)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")))
	require.Equal(t, payment.StatusClosed, e.payment(pid).Status())

	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), pid, 48000, "B9")))
	p := e.payment(pid)
	assert.Equal(t, payment.StatusDuplicate, p.Status())
	assert.Equal(t, [2]any{payment.RefundDue, int64(48000)}, [2]any{p.RefundState(), p.RefundFen()})
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	err := e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), pid, 48000, "B10"))
	wantErr(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)
}

// Finance marks a refund: audited, the member notified; a second time is a
// clear Conflict and changes nothing; bad fields are field errors.
func TestMarkRefundedTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, pid, 520000, "B1")))
	mark := command.MarkRefunded{Principal: finance, PaymentID: pid, RefundedOn: e.clock.Now(), Ref: "R1",
		Note: "已原路退回"}

	bad := mark
	bad.RefundedOn, bad.Ref = e.clock.Now().AddDate(0, 0, 2), ""
	err := e.markRefunded().Handle(e.ctx, bad)
	assert.Equal(t, map[string]string{"refunded_on": "date_future", "refund_ref": "required"}, fieldCodes(err))
	wantErr(t, e.markRefunded().Handle(e.ctx, command.MarkRefunded{Principal: apptest.MemberOf(m), PaymentID: pid,
		RefundedOn: e.clock.Now(), Ref: "R1"}), apperr.KindForbidden, "forbidden")
	assert.Equal(t, payment.RefundDue, e.payment(pid).RefundState())

	require.NoError(t, e.markRefunded().Handle(e.ctx, mark))
	p := e.payment(pid)
	assert.Equal(t, payment.RefundRefunded, p.RefundState())
	assert.Equal(t, "R1", p.RefundInfo().Ref)
	entry := e.auditedOnce(audit.PaymentRefunded, finance, m.ID())
	assert.Contains(t, entry.Summary, "标记已退款 ¥200")
	assert.Equal(t, "已原路退回", entry.Reason)
	ns, _, err := e.store.Notifications().Recent(e.ctx, m.ID(), 5)
	require.NoError(t, err)
	require.NotEmpty(t, ns)
	assert.Contains(t, ns[0].Text, "财务已将企业【星河科技有限公司】多缴会费的¥200于")

	before := e.auditCount()
	err = e.markRefunded().Handle(e.ctx, mark)
	wantErr(t, err, apperr.KindConflict, payment.ErrRefundDone)
	assert.Contains(t, apperr.As(err).Message, "无需重复操作")
	assert.Equal(t, before, e.auditCount())

	other := e.member(member.Enterprise, "另一家公司", member.StatusApproved)
	plain := e.claim(other)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, plain, 500000, "B2")))
	wantErr(t, e.markRefunded().Handle(e.ctx, command.MarkRefunded{Principal: finance, PaymentID: plain,
		RefundedOn: e.clock.Now(), Ref: "R2"}), apperr.KindConflict, payment.ErrRefundNotDue)
}

// Two finance staff mark the same refund at once: one wins, the other is told.
func TestMarkRefundedConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, pid, 510000, "B1")))
	errs := make(chan error, 2)
	start := make(chan struct{})
	for i := range 2 {
		go func() {
			<-start
			errs <- e.markRefunded().Handle(e.ctx, command.MarkRefunded{Principal: finance, PaymentID: pid,
				RefundedOn: e.clock.Now().Add(-time.Hour), Ref: []string{"RA", "RB"}[i]})
		}()
	}
	close(start)
	var ok, conflict int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case apperr.As(err) != nil && apperr.As(err).Code == payment.ErrRefundDone:
			conflict++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	assert.Equal(t, [2]int{1, 1}, [2]int{ok, conflict})
	assert.Len(t, e.audited(audit.PaymentRefunded), 1)
}

// Two finance staff confirm the same claim at once as partial payments: one
// wins, the other is told it was handled meanwhile.
func TestPartialConfirmConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	errs := make(chan error, 2)
	start := make(chan struct{})
	for i := range 2 {
		go func() {
			<-start
			errs <- e.confirmPayment().Handle(e.ctx, e.partial(pid, 400000, []string{"BA", "BB"}[i]))
		}()
	}
	close(start)
	var ok, conflict int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case apperr.As(err) != nil && apperr.As(err).Code == payment.ErrAlreadyHandled:
			conflict++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	assert.Equal(t, [2]int{1, 1}, [2]int{ok, conflict})
	assert.Equal(t, int64(400000), e.payment(pid).PaidFen())
}

// A bank statement line for the balance (matched by the reference code)
// completes a fee partly paid.
func TestStatementLineCompletesTheBalance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	first := e.claim(b.company)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.partial(first, 400000, "B0")))
	h := e.importStatement().WithPayments(e.store.Payments())
	imported, err := h.Handle(e.ctx, command.ImportStatement{Principal: apptest.StaffOf(access.RoleFinance),
		FileName: "流水.csv", Content: apptest.StatementFile("2024-03-01,100000,某某贸易公司,会费 " +
			b.company.PaymentRef() + ",B101")})
	require.NoError(t, err)
	assert.Equal(t, 1, imported.Matched, "the line is the balance due")
	out, err := e.confirmLines(imported.StatementID)
	require.NoError(t, err)
	assert.Equal(t, 1, out.Confirmed)
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(b.company.ID()).Status())
	assert.Equal(t, out.PaymentIDs[0], e.payment(first).CompletedBy())
}
