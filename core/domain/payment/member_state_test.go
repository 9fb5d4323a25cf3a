package payment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// TestMemberStateEveryStatus files every lifecycle status, with and without an
// open claim, under one of the registry's fee states.
func TestMemberStateEveryStatus(t *testing.T) {
	t.Parallel()
	want := map[member.Status][2]payment.State{ // without, with an open claim
		member.StatusRegistered:          {payment.StateNotDue, payment.StateNotDue},
		member.StatusDraft:               {payment.StateNotDue, payment.StateNotDue},
		member.StatusSubmitted:           {payment.StateNotDue, payment.StateNotDue},
		member.StatusRejected:            {payment.StateNotDue, payment.StateNotDue},
		member.StatusApproved:            {payment.StateUnpaid, payment.StateConfirming},
		member.StatusPaymentClaimed:      {payment.StateConfirming, payment.StateConfirming},
		member.StatusPaid:                {payment.StatePaid, payment.StatePaid},
		member.StatusAwaitingSecretariat: {payment.StatePaid, payment.StatePaid},
		member.StatusActive:              {payment.StatePaid, payment.StatePaid},
		member.StatusExpiring:            {payment.StatePaid, payment.StateConfirming},
		member.StatusLapsed:              {payment.StateUnpaid, payment.StateConfirming},
		member.StatusSuspended:           {payment.StateNotDue, payment.StateNotDue},
		member.StatusWithdrawn:           {payment.StateNotDue, payment.StateNotDue},
	}
	assert.Len(t, want, len(member.AllStatuses()))
	for _, s := range member.AllStatuses() {
		assert.Equal(t, want[s][0], payment.MemberState(s, false), "%s", s)
		assert.Equal(t, want[s][1], payment.MemberState(s, true), "%s with a claim", s)
	}
	for _, st := range payment.MemberStates() {
		assert.NotEqual(t, string(st), st.Label(), "%s has a label", st)
	}
}
