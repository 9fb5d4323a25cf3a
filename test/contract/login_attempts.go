package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/ports"
)

// RunLoginAttempts checks a ports.LoginAttempts implementation; newStore returns
// an empty store per subtest.
func RunLoginAttempts(t *testing.T, newStore func(t *testing.T) ports.LoginAttempts) {
	run(t, "counts failures within the window", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		t0 := epoch()
		for _, m := range []int{0, 5, 10, 20} {
			require.NoError(t, store.RecordFailure(ctx, t0.Add(time.Duration(m)*time.Minute), "account:zhangsan", "ip:10.0.0.1"))
		}
		require.NoError(t, store.RecordFailure(ctx, t0.Add(21*time.Minute), "ip:10.0.0.1"))

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
				assert.True(t, oldest.IsZero(), "no oldest failure when there are none")
			} else {
				sameInstant(t, t0.Add(tc.oldest), oldest, "oldest failure")
			}
		}
	})

	run(t, "clear forgets one key", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.RecordFailure(ctx, epoch(), "account:zhangsan", "ip:10.0.0.1"))
		require.NoError(t, store.Clear(ctx, "account:zhangsan"))
		count, _, err := store.Failures(ctx, "account:zhangsan", epoch().Add(-time.Hour))
		require.NoError(t, err)
		assert.Zero(t, count)
		count, _, err = store.Failures(ctx, "ip:10.0.0.1", epoch().Add(-time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 1, count)
	})
}
