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

// The throttle counts attempts per account key and per address within the
// window: a reserved attempt counts as a failure; over the limit it refuses with
// the wait in whole minutes (rounded up) and records nothing; a success forgets
// the account's failures and gives the attempt back to the address.
func TestThrottle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	policy := auth.ThrottlePolicy{MaxFailures: 2, Window: 10 * time.Minute}
	th := command.NewThrottle(e.store.LoginAttempts(), e.clock, policy, auth.ThrottlePolicy{MaxFailures: 3,
		Window: time.Hour})

	_, err := th.Reserve(e.ctx, "10.0.0.1", "member:a")
	require.NoError(t, err)
	e.clock.Advance(time.Minute)
	_, err = th.Reserve(e.ctx, "10.0.0.1", "member:a", "member:b")
	require.NoError(t, err)
	_, err = th.Reserve(e.ctx, "", "member:a")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Equal(t, 9*time.Minute, apperr.As(err).RetryAfter, "until the oldest failure leaves the window")
	assert.Equal(t, "登录失败次数过多，请9分钟后再试", apperr.As(err).Message)

	e.clock.Advance(30 * time.Second)
	_, err = th.Reserve(e.ctx, "", "member:a")
	assert.Equal(t, "登录失败次数过多，请9分钟后再试", apperr.As(err).Message, "8m30s is shown as 9 minutes")

	ok, err := th.Reserve(e.ctx, "10.0.0.1", "member:b")
	require.NoError(t, err, "one failure of b")
	th.Succeed(e.ctx, ok, "member:b")
	n, _, err := e.store.LoginAttempts().Failures(e.ctx, "addr:10.0.0.1", e.clock.Now().Add(-time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "a success is given back to the address")
	n, _, err = e.store.LoginAttempts().Failures(e.ctx, "member:b", e.clock.Now().Add(-time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "a success forgets the account's failures")

	_, err = th.Reserve(e.ctx, "10.0.0.1", "member:c")
	require.NoError(t, err)
	_, err = th.Reserve(e.ctx, "10.0.0.1", "member:d")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Greater(t, apperr.As(err).RetryAfter, 50*time.Minute, "three failures from the address lock it for the hour")
	_, err = th.Reserve(e.ctx, "10.0.0.2", "member:d")
	require.NoError(t, err, "another address")
}

// The last second of a lock is still a lock: the wait is at least a second and
// reads as one minute.
func TestThrottleLastSecond(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	policy := auth.ThrottlePolicy{MaxFailures: 1, Window: time.Minute}
	th := command.NewThrottle(e.store.LoginAttempts(), e.clock, policy, policy)
	_, err := th.Reserve(e.ctx, "", "staff:x")
	require.NoError(t, err)
	e.clock.Advance(time.Minute - time.Millisecond)
	_, err = th.Reserve(e.ctx, "", "staff:x")
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Equal(t, time.Second, apperr.As(err).RetryAfter)
	assert.Equal(t, "登录失败次数过多，请1分钟后再试", apperr.As(err).Message)
}
