package usecases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/adapters/casbinauthz"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// BenchmarkRenewalSweep measures the renewal sweep over 100 000 active members
// on SQLite whose validity ends evenly over the next three years (so about
// 2 700 are within the 30-day window): "due" is a sweep that reminds all of
// those (their state is reset between iterations), "idle" a sweep that finds
// nothing left to do — the cost every instance pays each period.
func BenchmarkRenewalSweep(b *testing.B) {
	const members = 100_000
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(b)
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	snaps := make([]member.Snapshot, members)
	for i := range snaps {
		until := today.AddDate(0, 0, 1+i%1095)
		snaps[i] = member.Snapshot{ID: id.New(today.Add(time.Duration(i) * time.Millisecond)), Kind: member.Enterprise,
			Name: fmt.Sprintf("会员单位%06d", i), Email: fmt.Sprintf("m%06d@example.com", i), PasswordHash: "x",
			Status: member.StatusActive, Number: fmt.Sprintf("%08d", i), Level: member.LevelOrdinary,
			ValidFrom: until.AddDate(-1, 0, 1), ValidUntil: until, CreatedAt: today, UpdatedAt: today}
	}
	start := time.Now()
	require.NoError(b, db.BulkInsertMembers(ctx, snaps))
	b.Logf("seeded %d members in %v", members, time.Since(start).Round(time.Millisecond))

	authz, err := casbinauthz.New()
	require.NoError(b, err)
	clock := &membershiptest.Clock{}
	clock.Set(today.Add(9 * time.Hour))
	lookup := bunstore.NewMemberLookup(db)
	a := app.New(app.Deps{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
		Payments: bunstore.NewPaymentRepository(db), Lookup: lookup, Renewals: lookup, Leases: bunstore.NewLeases(db),
		Tx: bunstore.NewTransactor(db), Authorizer: authz, Clock: clock}, app.Options{})
	reset := func() {
		_, err := db.Bun().NewRaw(`UPDATE members SET status = 'active', renewal_reminded = 0
WHERE status <> 'active' OR renewal_reminded <> 0`).Exec(ctx)
		require.NoError(b, err)
		_, err = db.Bun().NewRaw(`DELETE FROM outbox_messages`).Exec(ctx)
		require.NoError(b, err)
	}

	b.Run("due", func(b *testing.B) {
		changed := 0
		for b.Loop() {
			b.StopTimer()
			reset()
			b.StartTimer()
			res, err := a.Commands.RenewalSweep.Handle(ctx, "bench")
			require.NoError(b, err)
			require.True(b, res.Ran)
			changed = res.Changed
		}
		b.ReportMetric(float64(changed), "reminded/op")
		b.ReportMetric(members, "members")
	})
	b.Run("idle", func(b *testing.B) {
		for b.Loop() {
			res, err := a.Commands.RenewalSweep.Handle(ctx, "bench")
			require.NoError(b, err)
			require.Zero(b, res.Changed)
		}
		b.ReportMetric(members, "members")
	})
}
