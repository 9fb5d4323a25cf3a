package member_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/member"
)

// allowed is the lifecycle written out independently of the implementation's table.
var allowed = map[member.Status]map[member.Status]bool{
	member.StatusRegistered:          {member.StatusDraft: true},
	member.StatusDraft:               {member.StatusDraft: true, member.StatusSubmitted: true},
	member.StatusSubmitted:           {member.StatusApproved: true, member.StatusRejected: true},
	member.StatusRejected:            {member.StatusDraft: true, member.StatusSubmitted: true},
	member.StatusApproved:            {member.StatusPaymentClaimed: true, member.StatusPaid: true, member.StatusWithdrawn: true},
	member.StatusPaymentClaimed:      {member.StatusApproved: true, member.StatusPaid: true},
	member.StatusPaid:                {member.StatusAwaitingSecretariat: true, member.StatusWithdrawn: true},
	member.StatusAwaitingSecretariat: {member.StatusActive: true, member.StatusWithdrawn: true},
	member.StatusActive: {member.StatusActive: true, member.StatusExpiring: true, member.StatusLapsed: true,
		member.StatusSuspended: true, member.StatusWithdrawn: true},
	member.StatusExpiring: {member.StatusActive: true, member.StatusLapsed: true, member.StatusSuspended: true,
		member.StatusWithdrawn: true},
	member.StatusLapsed:    {member.StatusActive: true, member.StatusSuspended: true, member.StatusWithdrawn: true},
	member.StatusSuspended: {member.StatusActive: true, member.StatusWithdrawn: true},
	member.StatusWithdrawn: {},
}

func TestEveryTransitionOfTheLifecycle(t *testing.T) {
	t.Parallel()
	all := member.AllStatuses()
	assert.Len(t, all, 13)
	for _, from := range all {
		for _, to := range all {
			want := allowed[from][to]
			assert.Equal(t, want, from.CanMoveTo(to), "%s → %s", from, to)
		}
	}
}

func TestStatusStepsAndLabels(t *testing.T) {
	t.Parallel()
	steps := map[member.Status]int{
		member.StatusRegistered: 2, member.StatusDraft: 2, member.StatusRejected: 2,
		member.StatusSubmitted: 4, member.StatusApproved: 4, member.StatusPaymentClaimed: 4,
		member.StatusPaid: 4, member.StatusAwaitingSecretariat: 4,
		member.StatusActive: 0, member.StatusExpiring: 0, member.StatusLapsed: 0,
		member.StatusSuspended: 0, member.StatusWithdrawn: 0,
	}
	for s, step := range steps {
		assert.Equal(t, step, s.Step(), s)
		assert.NotEqual(t, string(s), s.Label(), "status %s needs a Chinese label", s)
	}
	assert.True(t, member.StatusActive.IsMember())
	assert.False(t, member.StatusLapsed.IsMember())
	assert.False(t, member.StatusSuspended.IsMember())
	assert.True(t, member.StatusSuspended.Restricted())
	assert.True(t, member.StatusWithdrawn.Restricted())
	assert.False(t, member.StatusLapsed.Restricted())
}
