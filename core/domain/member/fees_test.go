package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

func cstDay(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// activeMember returns a member valid 2019-09-21 → 2020-09-20.
func activeMember(t *testing.T) *member.Member {
	t.Helper()
	m := newMember(t, member.Enterprise)
	walk(t, m, "draft", "submit", "approve", "claim", "confirm", "forward", "secretariat")
	m.PullEvents()
	require.Equal(t, "2020-09-20", m.ValidUntil().Format(time.DateOnly))
	return m
}

func TestConfirmFeeRecordsDetails(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Individual)
	walk(t, m, "draft", "submit", "approve")
	m.PullEvents()
	require.NoError(t, m.ConfirmFee(member.Fee{PaymentID: "p1", AmountFen: 48000, Method: "alipay"}, t0))
	es := m.PullEvents()
	require.Len(t, es, 1)
	ev := es[0].(member.PaymentConfirmed)
	assert.Equal(t, "p1", ev.PaymentID)
	assert.Equal(t, int64(48000), ev.AmountFen)
	assert.False(t, ev.Renewal)
	assert.Error(t, m.ConfirmFee(member.Fee{}, t0), "once")
}

func TestRenewalClaimsAndConfirmation(t *testing.T) {
	t.Parallel()
	m := activeMember(t)
	assert.Error(t, m.CanRenew(), "an active member with a year left does not renew yet")
	assert.Error(t, m.ClaimRenewal(t0))
	changed, err := m.SweepRenewal(cstDay(2020, 8, 21, 9), member.DefaultRenewalPolicy)
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, member.StatusExpiring, m.Status())
	m.PullEvents()
	require.NoError(t, m.ClaimRenewal(t0))
	assert.Equal(t, member.StatusExpiring, m.Status(), "a renewal claim changes no status")
	assert.Equal(t, []string{"member.payment_claimed"}, eventNames(m.PullEvents()))
	require.NoError(t, m.RejectRenewalClaim("未到账", t0))
	assert.Equal(t, "未到账", m.RejectReason())
	m.PullEvents()
	require.NoError(t, m.ConfirmRenewal(member.Fee{PaymentID: "r1", AmountFen: 500000}, t0))
	assert.Equal(t, member.StatusActive, m.Status())
	assert.Equal(t, "2021-09-20", m.ValidUntil().Format(time.DateOnly))
	assert.Empty(t, m.RejectReason())
	assert.Equal(t, 0, m.RenewalReminded(), "the next year's reminders start afresh")
	es := m.PullEvents()
	assert.Equal(t, []string{"member.membership_renewed", "member.payment_confirmed"}, eventNames(es))
	pc := es[1].(member.PaymentConfirmed)
	assert.True(t, pc.Renewal)
	assert.Equal(t, "2021-09-20", pc.ValidUntil.Format(time.DateOnly))
}

func TestSweepRenewal(t *testing.T) {
	t.Parallel()
	policy := member.DefaultRenewalPolicy
	m := activeMember(t)
	type step struct {
		at      time.Time
		changed bool
		status  member.Status
		events  []string
	}
	steps := []step{
		{cstDay(2020, 8, 20, 23), false, member.StatusActive, nil}, // 31 days left
		{cstDay(2020, 8, 21, 0), true, member.StatusExpiring,
			[]string{"member.membership_expiring", "member.renewal_reminder_due"}},
		{cstDay(2020, 8, 21, 22), false, member.StatusExpiring, nil},
		{cstDay(2020, 9, 12, 12), false, member.StatusExpiring, nil}, // 8 days left
		{cstDay(2020, 9, 13, 12), true, member.StatusExpiring, []string{"member.renewal_reminder_due"}},
		{cstDay(2020, 9, 20, 12), false, member.StatusExpiring, nil},  // last day
		{cstDay(2020, 10, 20, 12), false, member.StatusExpiring, nil}, // last day of grace
		{cstDay(2020, 10, 21, 0), true, member.StatusLapsed, []string{"member.membership_lapsed"}},
		{cstDay(2020, 12, 1, 0), false, member.StatusLapsed, nil},
	}
	for _, s := range steps {
		changed, err := m.SweepRenewal(s.at, policy)
		require.NoError(t, err, s.at)
		assert.Equal(t, s.changed, changed, s.at)
		assert.Equal(t, s.status, m.Status(), s.at)
		assert.Equal(t, s.events, eventNames(m.PullEvents()), s.at)
	}

	// A member found late (the system was down) gets only the nearest reminder.
	late := activeMember(t)
	changed, err := late.SweepRenewal(cstDay(2020, 9, 16, 9), policy)
	require.NoError(t, err)
	assert.True(t, changed)
	es := late.PullEvents()
	require.Len(t, es, 2)
	r := es[1].(member.RenewalReminderDue)
	assert.Equal(t, 7, r.DaysBefore)
	assert.Equal(t, 4, r.DaysLeft)
	assert.Equal(t, 7, late.RenewalReminded())
	// No grace: lapses the day after the end.
	nog := activeMember(t)
	changed, err = nog.SweepRenewal(cstDay(2020, 9, 21, 0), member.RenewalPolicy{ReminderDays: []int{30}})
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, member.StatusLapsed, nog.Status())
	// Members without validity are left alone.
	fresh := newMember(t, member.Enterprise)
	changed, err = fresh.SweepRenewal(cstDay(2020, 9, 21, 0), policy)
	require.NoError(t, err)
	assert.False(t, changed)
}

func TestAssignPaymentRefOnce(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	require.Error(t, m.AssignPaymentRef(" ", t0))
	require.NoError(t, m.AssignPaymentRef("HF7KX3MQ", t0))
	require.NoError(t, m.AssignPaymentRef("HF999999", t0))
	assert.Equal(t, "HF7KX3MQ", m.PaymentRef(), "derived once and kept")
	assert.Equal(t, "HF7KX3MQ", member.Restore(m.Snapshot()).PaymentRef())
}
