package payment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

func sandboxReceipt(amount int64) payment.Receipt {
	return payment.Receipt{AmountFen: amount, PaidOn: t0, TradeNo: "SANDBOX-T1", Source: payment.SourceGateway,
		Sandbox: true}
}

// TestSandboxReceiptIsNoMoneyByItself: a sandbox gateway's report never
// confirms an order; it is recorded and the order waits for finance, who
// confirms it (keeping the trade number and the sandbox mark) or rejects it.
func TestSandboxReceiptIsNoMoneyByItself(t *testing.T) {
	t.Parallel()
	assert.False(t, sandboxReceipt(1).CountsAsMoney())
	assert.True(t, payment.Receipt{Sandbox: true, Source: payment.SourceFinance}.CountsAsMoney())
	assert.True(t, payment.Receipt{Source: payment.SourceGateway}.CountsAsMoney())

	order, err := payment.NewOrder("m1", payment.PurposeJoin, 48000, t0)
	require.NoError(t, err)
	assert.False(t, order.AwaitsFinance(), "an unpaid order waits for the gateway")
	err = order.Confirm(sandboxReceipt(48000), t0)
	assert.Equal(t, payment.ErrSandboxUnconfirmed, apperr.As(err).Code)
	assert.Equal(t, payment.StatusOpen, order.Status())
	assert.Empty(t, order.TradeNo(), "a refused receipt changes nothing")

	assert.Equal(t, payment.ErrAmountMismatch, apperr.As(order.ReportSandbox(sandboxReceipt(100), t0)).Code)
	require.NoError(t, order.ReportSandbox(sandboxReceipt(48000), t0))
	assert.Equal(t, payment.StatusOpen, order.Status(), "still open: finance decides")
	assert.True(t, order.SandboxReported())
	assert.True(t, order.AwaitsFinance())
	assert.True(t, order.Sandbox())
	assert.Equal(t, "SANDBOX-T1", order.TradeNo())
	assert.True(t, order.Handled().IsZero())
	assert.Equal(t, apperr.KindConflict, apperr.As(order.ReportSandbox(sandboxReceipt(48000), t0)).Kind,
		"reported once")
	assert.Equal(t, payment.ErrSandboxUnconfirmed, apperr.As(order.Confirm(sandboxReceipt(48000), t0)).Code)

	back := payment.Restore(order.Snapshot())
	require.NoError(t, back.Confirm(payment.Receipt{AmountFen: 48000, PaidOn: t0, BankRef: "SANDBOX-T1",
		Source: payment.SourceFinance, StaffID: "fin"}, t0))
	assert.Equal(t, payment.StatusConfirmed, back.Status())
	assert.True(t, back.Sandbox(), "it stays a sandbox payment")
	assert.Equal(t, "SANDBOX-T1", back.TradeNo())
	assert.Equal(t, "fin", back.StaffID())
	assert.False(t, back.AwaitsFinance())

	rejected := payment.Restore(order.Snapshot())
	require.NoError(t, rejected.Reject("沙箱支付，未实际收款", "fin", t0))
	assert.Equal(t, payment.StatusRejected, rejected.Status())

	plain, err := payment.NewOrder("m1", payment.PurposeJoin, 48000, t0)
	require.NoError(t, err)
	assert.Equal(t, payment.ErrNotClaim, apperr.As(plain.Reject("x", "fin", t0)).Code,
		"an order the gateway has not reported is not finance's")
	assert.Error(t, plain.ReportSandbox(payment.Receipt{AmountFen: 48000, TradeNo: "T", Source: payment.SourceGateway}, t0),
		"only a sandbox report")
}
