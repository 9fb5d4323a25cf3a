package payment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

func TestReopenOnlyAClosedOrder(t *testing.T) {
	t.Parallel()
	claim, err := payment.NewClaim("m1", payment.PurposeJoin, payment.MethodTransfer, 100, payment.Voucher{}, t0)
	require.NoError(t, err)
	claim.Close("covered", t0)
	assert.Equal(t, apperr.KindConflict, apperr.As(claim.Reopen()).Kind, "a claim never reopens")
	assert.Equal(t, payment.StatusClosed, claim.Status())

	order, err := payment.NewOrder("m1", payment.PurposeJoin, 100, t0)
	require.NoError(t, err)
	assert.Equal(t, apperr.KindConflict, apperr.As(order.Reopen()).Kind, "an open order is not closed")
	order.Close("交易已关闭", t0)
	require.NoError(t, order.Reopen())
	assert.Equal(t, payment.StatusOpen, order.Status())
	require.NoError(t, order.Confirm(payment.Receipt{AmountFen: 100, PaidOn: t0, TradeNo: "T1",
		Source: payment.SourceGateway}, t0))
	assert.Equal(t, apperr.KindConflict, apperr.As(order.Reopen()).Kind, "a confirmed order stays confirmed")
}

func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := payment.NewClaim("m1", payment.PurposeRenewal, payment.MethodVoucher, 100,
		payment.Voucher{Key: "k", ContentType: payment.ContentTypePDF, Size: 3, FileName: "a.pdf"}, t0)
	require.NoError(t, err)
	require.NoError(t, p.Reject("no money", "s1", t0))
	back := payment.Restore(p.Snapshot())
	assert.Equal(t, p, back)
	assert.Equal(t, "m1", back.MemberID())
	assert.Equal(t, payment.StatusRejected, back.Status())
	assert.Equal(t, "no money", back.Reason())
	assert.Equal(t, "a.pdf", back.Voucher().FileName)
}
