package command_test

import (
	"bytes"
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

// While a transfer claim or a voucher awaits finance the use case refuses an
// online payment (the fee would be paid twice): no order is stored, nothing
// reaches the gateway. Once finance has rejected the claim, paying online is
// possible again.
func TestStartOnlinePaymentRefusedWhileAClaimIsPending(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	claimed := e.member(member.Individual, "张三", member.StatusApproved)
	claimID := e.claim(claimed)
	withVoucher := e.member(member.Individual, "李四", member.StatusLapsed)
	_, err := e.voucher(apptest.MemberOf(withVoucher), "回单.pdf", bytes.NewReader(apptest.PDF()))
	require.NoError(t, err)

	for _, m := range []*member.Member{claimed, withVoucher} {
		_, err := e.startOnline(gw).Handle(e.ctx, command.StartOnlinePayment{Principal: apptest.MemberOf(m)})
		wantErr(t, err, apperr.KindConflict, "payment_pending")
		assert.Contains(t, apperr.As(err).Message, "正在等待财务确认")
		assert.Len(t, e.paymentsOf(m.ID()), 1, "no order stored")
	}
	assert.Empty(t, gw.Orders())

	require.NoError(t, e.rejectPayment().Handle(e.ctx, command.RejectPayment{
		Principal: apptest.StaffOf(access.RoleFinance), PaymentID: claimID, Reason: "未查到该笔转账"}))
	o := e.order(gw, claimed)
	assert.Equal(t, payment.MethodAlipay, e.payment(o.PaymentID).Method())
}
