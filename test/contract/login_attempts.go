package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// RunLoginAttempts checks a ports.LoginAttempts implementation; newStore returns
// an empty store per subtest.
func RunLoginAttempts(t *testing.T, newStore func(t *testing.T) ports.LoginAttempts) {
	// roomy is a limit no subtest reaches: reserving under it just records.
	roomy := auth.ThrottlePolicy{MaxFailures: 1000, Window: time.Hour}
	record := func(t *testing.T, store ports.LoginAttempts, at time.Time, keys ...string) {
		t.Helper()
		limits := make([]ports.AttemptLimit, len(keys))
		for i, k := range keys {
			limits[i] = ports.AttemptLimit{Key: k, Policy: roomy}
		}
		ok, _, err := store.Reserve(context.Background(), at, limits...)
		require.NoError(t, err)
		require.True(t, ok)
	}

	run(t, "counts attempts within the window", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		t0 := epoch()
		for _, m := range []int{0, 5, 10, 20} {
			record(t, store, t0.Add(time.Duration(m)*time.Minute), "account:zhangsan", "ip:10.0.0.1")
		}
		record(t, store, t0.Add(21*time.Minute), "ip:10.0.0.1")

		tests := []struct {
			key    string
			since  time.Duration
			count  int
			oldest time.Duration
		}{
			{"account:zhangsan", 0, 4, 0},
			{"account:zhangsan", 5 * time.Minute, 3, 5 * time.Minute},
			{"account:zhangsan", 6 * time.Minute, 2, 10 * time.Minute},
			{"ip:10.0.0.1", 6 * time.Minute, 3, 10 * time.Minute},
			{"account:zhangsan", 30 * time.Minute, 0, -1},
			{"account:lisi", 0, 0, -1},
		}
		for _, tc := range tests {
			count, oldest, err := store.Failures(ctx, tc.key, t0.Add(tc.since))
			require.NoError(t, err)
			assert.Equal(t, tc.count, count, "%s since +%v", tc.key, tc.since)
			if tc.oldest < 0 {
				assert.True(t, oldest.IsZero(), "no oldest attempt when there are none")
			} else {
				sameInstant(t, t0.Add(tc.oldest), oldest, "oldest attempt")
			}
		}
	})

	run(t, "clear forgets one key", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		record(t, store, epoch(), "account:zhangsan", "ip:10.0.0.1")
		require.NoError(t, store.Clear(ctx, "account:zhangsan"))
		count, _, err := store.Failures(ctx, "account:zhangsan", epoch().Add(-time.Hour))
		require.NoError(t, err)
		assert.Zero(t, count)
		count, _, err = store.Failures(ctx, "ip:10.0.0.1", epoch().Add(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 1, count)
	})

	runReserve(t, newStore)
}

// runReserve checks Reserve and Release: the limit, all or nothing across keys,
// the wait, and exactly the limit passing under concurrency.
func runReserve(t *testing.T, newStore func(t *testing.T) ports.LoginAttempts) {
	policy := auth.ThrottlePolicy{MaxFailures: 3, Window: 15 * time.Minute}
	count := func(t *testing.T, store ports.LoginAttempts, key string) int {
		t.Helper()
		n, _, err := store.Failures(context.Background(), key, epoch().Add(-24*time.Hour))
		require.NoError(t, err)
		return n
	}

	run(t, "reserve stops at the limit and records nothing then", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		acct := ports.AttemptLimit{Key: "account:wang", Policy: policy}
		addr := ports.AttemptLimit{Key: "ip:10.0.0.9", Policy: auth.ThrottlePolicy{MaxFailures: 10, Window: time.Hour}}
		for i := range 3 {
			ok, wait, err := store.Reserve(ctx, epoch().Add(time.Duration(i)*time.Minute), acct, addr)
			require.NoError(t, err)
			require.True(t, ok, "attempt %d", i+1)
			assert.Zero(t, wait)
		}
		ok, wait, err := store.Reserve(ctx, epoch().Add(4*time.Minute), acct, addr)
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Equal(t, 11*time.Minute, wait, "until the oldest attempt leaves the window")
		assert.Equal(t, 3, count(t, store, acct.Key))
		assert.Equal(t, 3, count(t, store, addr.Key), "a refused reservation records against no key")

		ok, _, err = store.Reserve(ctx, epoch().Add(4*time.Minute), addr)
		require.NoError(t, err)
		assert.True(t, ok, "the address alone still has room")
		ok, _, err = store.Reserve(ctx, epoch().Add(15*time.Minute+time.Microsecond), acct)
		require.NoError(t, err)
		assert.True(t, ok, "the oldest attempt has left the window")
	})

	run(t, "release gives one attempt back", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		key := ports.AttemptLimit{Key: "ip:10.0.0.8", Policy: policy}
		for range 2 {
			ok, _, err := store.Reserve(ctx, epoch(), key)
			require.NoError(t, err)
			require.True(t, ok)
		}
		require.NoError(t, store.Release(ctx, key.Key, epoch()))
		assert.Equal(t, 1, count(t, store, key.Key), "one of the two is released")
		require.NoError(t, store.Release(ctx, key.Key, epoch().Add(time.Second)), "none at that time: no error")
		assert.Equal(t, 1, count(t, store, key.Key))
		require.NoError(t, store.Release(ctx, "ip:other", epoch()))
	})
	runReserveConcurrently(t, newStore)
}

// runReserveConcurrently checks that of concurrent reservations of a key exactly
// its limit succeed (on PostgreSQL too: the advisory lock).
func runReserveConcurrently(t *testing.T, newStore func(t *testing.T) ports.LoginAttempts) {
	policy := auth.ThrottlePolicy{MaxFailures: 3, Window: 15 * time.Minute}
	count := func(t *testing.T, store ports.LoginAttempts, key string) int {
		t.Helper()
		n, _, err := store.Failures(context.Background(), key, epoch().Add(-24*time.Hour))
		require.NoError(t, err)
		return n
	}
	run(t, "concurrent reservations pass exactly the limit", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		const n = 16
		acct := ports.AttemptLimit{Key: "account:li", Policy: auth.ThrottlePolicy{MaxFailures: 5, Window: time.Hour}}
		ok := make([]bool, n)
		errs := parallel(n, func(i int) error {
			addr := ports.AttemptLimit{Key: "ip:10.1.0." + string(rune('a'+i)), Policy: policy}
			var err error
			ok[i], _, err = store.Reserve(ctx, epoch().Add(time.Duration(i)*time.Millisecond), acct, addr)
			return err
		})
		passed := 0
		for i := range n {
			require.NoError(t, errs[i])
			if ok[i] {
				passed++
			}
		}
		assert.Equal(t, 5, passed, "of %d concurrent attempts exactly the limit pass", n)
		assert.Equal(t, 5, count(t, store, acct.Key))
	})
}
