package membership_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// attemptLimit is a throttle limit of key.
func attemptLimit(key string, p auth.ThrottlePolicy) ports.AttemptLimit {
	return ports.AttemptLimit{Key: key, Policy: p}
}

// settableClock is a clock the test moves.
type settableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *settableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// The clean-up in Run prunes failed logins (kept a day) and the handlers'
// record of handled events (kept 30 days) by the module's clock, besides the
// expired sessions and tokens.
func TestCleanupPrunesLoginFailuresAndHandledEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &settableClock{now: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)}
	m, err := membership.New(membership.Config{DataDir: t.TempDir(), CleanupEvery: 5 * time.Millisecond,
		Renewal: membership.RenewalConfig{SweepEvery: -1}}, membership.WithClock(clock))
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	now := clock.Now()
	ports := m.Ports()
	limit := auth.ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	for key, at := range map[string]time.Time{"old": now.Add(-25 * time.Hour), "recent": now.Add(-time.Hour)} {
		_, _, err := ports.LoginAttempts.Reserve(ctx, at, attemptLimit(key, limit))
		require.NoError(t, err)
	}
	require.NoError(t, ports.HandledEvents.MarkHandled(ctx, "h", "old", now.Add(-31*24*time.Hour)))
	require.NoError(t, ports.HandledEvents.MarkHandled(ctx, "h", "recent", now.Add(-29*24*time.Hour)))
	failures := func(key string) int {
		n, _, err := ports.LoginAttempts.Failures(ctx, key, time.Time{})
		require.NoError(t, err)
		return n
	}
	handled := func(key string) bool {
		ok, err := ports.HandledEvents.Handled(ctx, "h", key)
		require.NoError(t, err)
		return ok
	}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- m.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done })

	require.Eventually(t, func() bool { return failures("old") == 0 && !handled("old") }, 10*time.Second,
		5*time.Millisecond, "past their retention")
	assert.Equal(t, 1, failures("recent"))
	assert.True(t, handled("recent"))

	clock.advance(2 * 24 * time.Hour) // the clean-up follows the module's clock
	require.Eventually(t, func() bool { return failures("recent") == 0 && !handled("recent") }, 10*time.Second,
		5*time.Millisecond, "past their retention two days later")
}
