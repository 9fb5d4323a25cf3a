package query_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// While a claim awaits finance a person with a gateway is not offered online
// payment, and the page says why (OnlineHeld); a claim confirmed with bank
// fees deducted shows what arrived and the fees in its history line.
func TestFeePageHoldsOnlinePaymentAndShowsBankFees(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	claim := e.claim(m, payment.Voucher{})

	v, err := e.feePage(&apptest.Gateway{}, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.False(t, v.CanPayOnline)
	assert.True(t, v.OnlineHeld)

	require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		now := e.clock.Now()
		if err := claim.Confirm(payment.Receipt{AmountFen: claim.AmountFen() - 1500, PaidOn: now, BankRef: "B1",
			Source: payment.SourceFinance, StaffID: "staff-finance", ToleranceFen: 5000}, now); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, claim)
	}))
	v, err = e.feePage(&apptest.Gateway{}, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.False(t, v.OnlineHeld, "nothing awaits finance any more")
	require.Len(t, v.History, 1)
	assert.Equal(t, int64(1500), v.History[0].FeesDeductedFen)
	assert.Equal(t, "实收¥465，银行手续费¥15，按足额确认", v.History[0].Reason)
}
