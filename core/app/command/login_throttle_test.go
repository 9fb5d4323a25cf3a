package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
)

// The throttle counts failures per account key and per address within the
// window: over the limit it refuses with the wait in whole minutes (rounded
// up), a success forgets the account's failures but not the address's.
func TestThrottle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	policy := auth.ThrottlePolicy{MaxFailures: 2, Window: 10 * time.Minute}
	th := command.NewThrottle(e.store.LoginAttempts(), e.clock, policy, auth.ThrottlePolicy{MaxFailures: 3,
		Window: time.Hour})

	require.NoError(t, th.Check(e.ctx, "10.0.0.1", "member:a"))
	th.Fail(e.ctx, "10.0.0.1", "member:a")
	e.clock.Advance(time.Minute)
	th.Fail(e.ctx, "10.0.0.1", "member:a", "member:b")
	err := th.Check(e.ctx, "", "member:a")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Equal(t, 9*time.Minute, apperr.As(err).RetryAfter, "until the oldest failure leaves the window")
	assert.Equal(t, "登录失败次数过多，请9分钟后再试", apperr.As(err).Message)
	require.NoError(t, th.Check(e.ctx, "", "member:b"), "one failure of b")

	e.clock.Advance(30 * time.Second)
	err = th.Check(e.ctx, "", "member:a")
	assert.Equal(t, "登录失败次数过多，请9分钟后再试", apperr.As(err).Message, "8m30s is shown as 9 minutes")

	th.Succeed(e.ctx, "member:a")
	require.NoError(t, th.Check(e.ctx, "", "member:a"), "a success forgets the account's failures")
	th.Fail(e.ctx, "10.0.0.1", "member:c")
	err = th.Check(e.ctx, "10.0.0.1", "member:d")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Greater(t, apperr.As(err).RetryAfter, 50*time.Minute, "three failures from the address lock it for the hour")
	require.NoError(t, th.Check(e.ctx, "10.0.0.2", "member:d"), "another address")
}

// The last second of a lock is still a lock: the wait is at least a second and
// reads as one minute.
func TestThrottleLastSecond(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	policy := auth.ThrottlePolicy{MaxFailures: 1, Window: time.Minute}
	th := command.NewThrottle(e.store.LoginAttempts(), e.clock, policy, policy)
	th.Fail(e.ctx, "", "staff:x")
	e.clock.Advance(time.Minute - time.Millisecond)
	err := th.Check(e.ctx, "", "staff:x")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Equal(t, time.Second, apperr.As(err).RetryAfter)
	assert.Equal(t, "登录失败次数过多，请1分钟后再试", apperr.As(err).Message)
}
