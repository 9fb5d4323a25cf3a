package invoice_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
)

// A fee confirmed in full although ¥50 of bank fees were deducted on the way
// is invoiced for the whole fee, not for what arrived.
func TestRequestOfAFeePaidWithBankFeesDeducted(t *testing.T) {
	t.Parallel()
	p := payment.Restore(payment.Snapshot{ID: "pay1", MemberID: "m1", Method: payment.MethodTransfer,
		Status: payment.StatusConfirmed, AmountFen: 500000, PaidFen: 495000, PaidOn: today()})
	require.Equal(t, int64(5000), p.FeesDeductedFen())
	r, err := invoice.NewRequest("m1", "测试号", p, details(), true, today())
	require.NoError(t, err)
	assert.Equal(t, int64(500000), r.AmountFen())
}

// The money cases: a partial payment is invoiced for what arrived, a payment
// with an excess to refund for the fee only.
func TestRequestOfAPartialOrExcessPayment(t *testing.T) {
	t.Parallel()
	partial := payment.Restore(payment.Snapshot{ID: "pay2", MemberID: "m1", Method: payment.MethodTransfer,
		Status: payment.StatusPartial, AmountFen: 500000, PaidFen: 400000, PaidOn: today()})
	r, err := invoice.NewRequest("m1", "测试号", partial, details(), true, today())
	require.NoError(t, err)
	assert.Equal(t, int64(400000), r.AmountFen())
	excess := payment.Restore(payment.Snapshot{ID: "pay3", MemberID: "m1", Method: payment.MethodTransfer,
		Status: payment.StatusConfirmed, AmountFen: 100000, PaidFen: 120000, PaidOn: today(), RefundFen: 20000,
		RefundState: payment.RefundDue})
	r, err = invoice.NewRequest("m1", "测试号", excess, details(), true, today())
	require.NoError(t, err)
	assert.Equal(t, int64(100000), r.AmountFen())
	dup := payment.Restore(payment.Snapshot{ID: "pay4", MemberID: "m1", Method: payment.MethodTransfer,
		Status: payment.StatusDuplicate, AmountFen: 100000, PaidFen: 100000, PaidOn: today(), RefundFen: 100000,
		RefundState: payment.RefundDue})
	_, err = invoice.NewRequest("m1", "测试号", dup, details(), true, today())
	assert.Error(t, err, "a duplicate is refunded, not invoiced")
}
