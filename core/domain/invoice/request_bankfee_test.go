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
