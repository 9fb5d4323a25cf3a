package command_test

import (
	"testing"

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

// Bank fees deducted on the way: an amount short of the fee by no more than
// the tolerance (¥50) counts as paid in full, the shortfall recorded as fees
// deducted and named in the audit log.
func TestConfirmPaymentWithBankFeesDeducted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	confirm := e.confirmPayment().WithBankFeeTolerance(command.DefaultBankFeeToleranceFen)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)

	require.NoError(t, confirm.Handle(e.ctx, e.receipt(finance, pid, 500000-5000, "B001")))
	p := e.payment(pid)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, int64(495000), p.PaidFen())
	assert.Equal(t, int64(5000), p.FeesDeductedFen())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	entry := e.auditedOnce(audit.PaymentConfirm, finance, m.ID())
	assert.Equal(t, "确认缴费 ¥4950（入会会费，银行转账），到账 2024-03-01，流水号 B001，应缴 ¥5000，银行手续费 ¥50 按足额确认",
		entry.Summary)
}

// Bad amounts with a tolerance: more than the tolerance short (not said to be
// a partial payment), zero and negative; each a field error on amount, nothing
// changed.
func TestConfirmPaymentBankFeeRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	confirm := e.confirmPayment().WithBankFeeTolerance(command.DefaultBankFeeToleranceFen)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	before := e.state(m.ID())

	err := confirm.Handle(e.ctx, e.receipt(finance, pid, 500000-5001, "B001"))
	wantErr(t, err, apperr.KindInvalid, payment.ErrAmountMismatch)
	assert.Equal(t, "到账金额少于应缴：应缴¥5000，实际¥4949.99。如确为部分缴费，请勾选「按部分缴费登记」，"+
		"余额¥50.01将继续向会员收取（少收不超过¥50的银行手续费可按足额确认）", apperr.As(err).Fields[0].Message)
	for _, amount := range []int64{0, -100} {
		err = confirm.Handle(e.ctx, e.receipt(finance, pid, amount, "B003"))
		assert.Equal(t, "amount_invalid", fieldCodes(err)["amount"])
	}
	e.unchanged(before, m.ID())
	assert.Equal(t, payment.StatusOpen, e.payment(pid).Status())
	assert.Zero(t, e.payment(pid).FeesDeductedFen())
	assert.Empty(t, e.audited(audit.PaymentConfirm))
}

// Without a tolerance the exact fee is demanded, as before.
func TestConfirmPaymentWithoutTolerance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	pid := e.claim(m)
	err := e.confirmPayment().WithBankFeeTolerance(-1).Handle(e.ctx,
		e.receipt(apptest.StaffOf(access.RoleFinance), pid, payment.DefaultFees.Individual-1, "B1"))
	wantErr(t, err, apperr.KindInvalid, payment.ErrAmountMismatch)
	assert.Equal(t, "到账金额少于应缴：应缴¥480，实际¥479.99。如确为部分缴费，请勾选「按部分缴费登记」，余额¥0.01将继续向会员收取",
		apperr.As(err).Message)
}
