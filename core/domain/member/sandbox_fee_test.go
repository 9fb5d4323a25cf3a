package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// TestSandboxFeeCountsOnlyOnceFinanceConfirmed: a fee a sandbox gateway
// reported is no money received. Neither the first fee (which opens the
// secretariat's queue) nor a renewal (which extends the validity) rests on one
// until finance confirmed it; a refused fee changes nothing.
func TestSandboxFeeCountsOnlyOnceFinanceConfirmed(t *testing.T) {
	t.Parallel()
	sandbox := member.Fee{PaymentID: "p1", AmountFen: 48000, Method: "alipay", Sandbox: true}
	confirmed := sandbox
	confirmed.ConfirmedBy = "finance-1"

	m := newMember(t, member.Individual)
	walk(t, m, "draft", "submit", "approve", "claim")
	m.PullEvents()
	err := m.ConfirmFee(sandbox, t0)
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind)
	assert.Equal(t, member.ErrSandboxUnconfirmed, apperr.As(err).Code)
	assert.Equal(t, member.StatusPaymentClaimed, m.Status(), "nothing changes")
	assert.Empty(t, m.PullEvents())
	assert.Error(t, m.ForwardToSecretariat(t0), "the secretariat's queue stays closed")
	require.NoError(t, m.ConfirmFee(confirmed, t0))
	assert.Equal(t, member.StatusPaid, m.Status())

	a := activeMember(t)
	_, err = a.SweepRenewal(cstDay(2020, 8, 21, 9), member.DefaultRenewalPolicy)
	require.NoError(t, err)
	require.Equal(t, member.StatusExpiring, a.Status())
	a.PullEvents()
	until := a.ValidUntil()
	err = a.ConfirmRenewal(sandbox, t0)
	assert.Equal(t, member.ErrSandboxUnconfirmed, apperr.As(err).Code)
	assert.Equal(t, until, a.ValidUntil(), "the validity does not grow")
	assert.Equal(t, member.StatusExpiring, a.Status())
	assert.Empty(t, a.PullEvents())
	require.NoError(t, a.ConfirmRenewal(confirmed, t0))
	assert.Equal(t, "2021-09-20", a.ValidUntil().Format(time.DateOnly))
}
