package payment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

// Confirm over the amounts that can arrive for a ¥5000 claim with ¥50 of
// tolerance: each gives its status, bank fees, balance and refund.
func TestConfirmAmounts(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                  string
		fen                   int64
		partial               bool
		status                payment.Status
		fees, balance, refund int64
	}{
		{"exact", 500000, false, payment.StatusConfirmed, 0, 0, 0},
		{"bank fees", 495000, false, payment.StatusConfirmed, 5000, 0, 0},
		{"bank fees, box ticked", 495000, true, payment.StatusConfirmed, 5000, 0, 0},
		{"partial", 400000, true, payment.StatusPartial, 0, 100000, 0},
		{"excess", 520000, false, payment.StatusConfirmed, 0, 0, 20000},
		{"short, box not ticked", 400000, false, payment.StatusOpen, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := payment.NewClaim("m1", payment.PurposeJoin, payment.MethodTransfer, 500000, payment.Voucher{}, now)
			require.NoError(t, err)
			err = p.Confirm(payment.Receipt{AmountFen: tc.fen, PaidOn: now, BankRef: "B1", Source: "finance",
				ToleranceFen: 5000, AllowPartial: tc.partial}, now)
			if tc.status == payment.StatusOpen {
				assert.Equal(t, payment.ErrAmountMismatch, apperr.As(err).Code)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.status, p.Status())
			assert.Equal(t, [3]int64{tc.fees, tc.balance, tc.refund},
				[3]int64{p.FeesDeductedFen(), p.BalanceFen(), p.RefundFen()})
			assert.Equal(t, tc.status == payment.StatusPartial, p.Owing())
			assert.Equal(t, tc.refund > 0, p.RefundState() == payment.RefundDue)
		})
	}
}

// Partial payments add up per purpose until completed; a refund is marked
// once, with its fields checked.
func TestPaidAndMarkRefunded(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	part := func(fen int64, purpose payment.Purpose) *payment.Payment {
		p, err := payment.NewClaim("m1", purpose, payment.MethodTransfer, 500000, payment.Voucher{}, now)
		require.NoError(t, err)
		require.NoError(t, p.Confirm(payment.Receipt{AmountFen: fen, PaidOn: now, BankRef: "B", AllowPartial: true}, now))
		return p
	}
	a, b, r := part(100000, payment.PurposeJoin), part(200000, payment.PurposeJoin), part(5000, payment.PurposeRenewal)
	ps := []*payment.Payment{a, b, r}
	assert.Equal(t, int64(300000), payment.Paid(ps, payment.PurposeJoin))
	a.Complete("done", now)
	assert.Equal(t, int64(200000), payment.Paid(ps, payment.PurposeJoin))
	assert.Equal(t, "已缴¥3000，尚欠¥2000", payment.OwingText(300000, 200000))

	err := a.MarkRefunded(payment.Refund{On: now, Ref: "R1"}, now, now)
	assert.Equal(t, payment.ErrRefundNotDue, apperr.As(err).Code)
	x, err := payment.NewClaim("m1", payment.PurposeJoin, payment.MethodTransfer, 500000, payment.Voucher{}, now)
	require.NoError(t, err)
	require.NoError(t, x.Confirm(payment.Receipt{AmountFen: 500100, PaidOn: now, BankRef: "X"}, now))
	err = x.MarkRefunded(payment.Refund{On: now.AddDate(0, 0, 1)}, now, now)
	assert.Len(t, apperr.As(err).Fields, 2, "a future day and no reference")
	require.NoError(t, x.MarkRefunded(payment.Refund{On: now, Ref: " R 9 ", Note: " 退回 "}, now, now))
	assert.Equal(t, payment.Refund{On: payment.Day(now), Ref: "R9", Note: "退回"}, x.RefundInfo())
	err = x.MarkRefunded(payment.Refund{On: now, Ref: "R10"}, now, now)
	assert.Equal(t, payment.ErrRefundDone, apperr.As(err).Code)
	assert.Equal(t, "R9", x.RefundInfo().Ref, "nothing changed")
}
