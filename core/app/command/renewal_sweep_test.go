package command_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) renewalSweep() *command.RenewalSweepHandler {
	return command.NewRenewalSweepHandler(e.store.Members(), e.store.Lookup(), e.store.Leases(), e.store.Transactor(),
		e.clock, command.SweepOptions{Location: cst()})
}

// A year's sweeps: 30 days before the end the member becomes expiring and is
// reminded, 7 days before it is reminded again, each reminder once however
// often the sweep runs; after the 30 days' grace it lapses. A member approved
// later is left alone.
func TestRenewalSweep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive) // valid until 2025-02-28
	fresh := e.member(member.Individual, "张三", member.StatusAwaitingSecretariat)
	e.clock.Set(time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC))
	require.NoError(t, e.store.Members().Update(e.ctx, fresh.ID(), func(_ context.Context, s *member.Member) error {
		return s.ApproveMembership("会字〔2024〕9号", e.clock.Now(), e.clock.Now())
	}))
	assert.Equal(t, time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC), m.ValidUntil())

	sweep := func(at time.Time) command.SweepResult {
		t.Helper()
		e.clock.Set(at)
		res, err := e.renewalSweep().Handle(e.ctx, "instance-1")
		require.NoError(t, err)
		require.True(t, res.Ran)
		return res
	}
	skip := len(e.store.Events())
	assert.Zero(t, sweep(time.Date(2025, 1, 28, 9, 0, 0, 0, time.UTC)).Changed, "31 days before: nothing yet")
	res := sweep(time.Date(2025, 1, 29, 9, 0, 0, 0, time.UTC))
	assert.Equal(t, command.SweepResult{Ran: true, Examined: 1, Changed: 1}, res)
	assert.Equal(t, member.StatusExpiring, e.get(m.ID()).Status())
	assert.Equal(t, 30, e.get(m.ID()).RenewalReminded())
	assert.Equal(t, []string{"member.membership_expiring", "member.renewal_reminder_due"}, e.eventNames(skip))

	assert.Zero(t, sweep(time.Date(2025, 1, 30, 9, 0, 0, 0, time.UTC)).Changed, "reminded once")
	skip = len(e.store.Events())
	assert.Equal(t, 1, sweep(time.Date(2025, 2, 21, 9, 0, 0, 0, time.UTC)).Changed)
	assert.Equal(t, 7, e.get(m.ID()).RenewalReminded())
	assert.Equal(t, []string{"member.renewal_reminder_due"}, e.eventNames(skip))

	assert.Zero(t, sweep(time.Date(2025, 3, 30, 9, 0, 0, 0, time.UTC)).Changed, "the last day of grace")
	assert.Equal(t, 1, sweep(time.Date(2025, 3, 31, 9, 0, 0, 0, time.UTC)).Changed)
	assert.Equal(t, member.StatusLapsed, e.get(m.ID()).Status())
	assert.Equal(t, member.StatusActive, e.get(fresh.ID()).Status(), "valid until 2025-05-31")
}

// The association's calendar decides the day: 23:00 UTC is already the next
// day in CST.
func TestRenewalSweepCountsDaysInTheAssociationsZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive) // valid until 2025-02-28
	e.clock.Set(time.Date(2025, 1, 28, 17, 0, 0, 0, time.UTC))        // 29 January, 01:00 in CST
	res, err := e.renewalSweep().Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, 1, res.Changed)
	assert.Equal(t, member.StatusExpiring, e.get(m.ID()).Status())
}

// Of two instances, the one that took the lease sweeps; the other does nothing
// until the lease expires. Without leases or an index no sweep runs.
func TestRenewalSweepTakesTheLease(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	e.clock.Set(time.Date(2025, 1, 29, 9, 0, 0, 0, time.UTC))
	res, err := e.renewalSweep().Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.True(t, res.Ran)

	e.clock.Set(time.Date(2025, 2, 21, 9, 0, 0, 0, time.UTC))
	taken, err := e.store.Leases().Acquire(e.ctx, command.RenewalSweepLease, "instance-2", e.clock.Now(), time.Hour)
	require.NoError(t, err)
	require.True(t, taken, "instance-1's lease of January has expired")
	res, err = e.renewalSweep().Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, command.SweepResult{}, res, "instance-2 holds the lease")
	assert.Equal(t, 30, e.get(m.ID()).RenewalReminded())

	e.clock.Advance(time.Hour)
	res, err = e.renewalSweep().Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, 1, res.Changed, "the lease expired")

	none := command.NewRenewalSweepHandler(e.store.Members(), nil, nil, nil, e.clock, command.SweepOptions{})
	res, err = none.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.False(t, res.Ran)
}
