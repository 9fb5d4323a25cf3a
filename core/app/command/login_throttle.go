package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// Throttle applies the per-account and per-address limits on failed logins.
type Throttle struct {
	attempts ports.LoginAttempts
	clock    ports.Clock
	account  auth.ThrottlePolicy
	address  auth.ThrottlePolicy
}

// NewThrottle builds the throttle with the given policies.
func NewThrottle(attempts ports.LoginAttempts, clock ports.Clock, account, address auth.ThrottlePolicy) *Throttle {
	return &Throttle{attempts: attempts, clock: clock, account: account, address: address}
}

// Throttle keys. Failures against an existing account count under the account's
// identity (accountIDKey), so every way of naming it — a member's registered name
// or member number — shares one limit; a login text that names no account is
// throttled by the text itself (accountKey). The "-id" scopes cannot collide with
// text keys, which always carry the bare scope and a colon.
func accountKey(scope, login string) string { return scope + ":" + strings.ToLower(login) }
func accountIDKey(scope, id string) string  { return scope + "-id:" + id }
func addressKey(addr string) string         { return "addr:" + addr }

// Check refuses the attempt while any of the account keys or the address is over
// its limit.
func (t *Throttle) Check(ctx context.Context, addr string, acctKeys ...string) error {
	now := t.clock.Now()
	check := func(key string, p auth.ThrottlePolicy) (time.Duration, error) {
		n, oldest, err := t.attempts.Failures(ctx, key, now.Add(-p.Window))
		if err != nil {
			return 0, apperr.Internal(err)
		}
		return p.RetryAfter(n, oldest, now), nil
	}
	var wait time.Duration
	for _, k := range acctKeys {
		w, err := check(k, t.account)
		if err != nil {
			return err
		}
		wait = max(wait, w)
	}
	if addr != "" {
		w2, err := check(addressKey(addr), t.address)
		if err != nil {
			return err
		}
		wait = max(wait, w2)
	}
	if wait > 0 {
		mins := int((wait + time.Minute - time.Second) / time.Minute)
		return apperr.Throttled("login_throttled",
			"登录失败次数过多，请"+itoa(mins)+"分钟后再试", wait)
	}
	return nil
}

// Fail records a failed attempt against each account key and the address.
func (t *Throttle) Fail(ctx context.Context, addr string, acctKeys ...string) {
	keys := append([]string(nil), acctKeys...)
	if addr != "" {
		keys = append(keys, addressKey(addr))
	}
	_ = t.attempts.RecordFailure(ctx, t.clock.Now(), keys...)
}

// Succeed forgets the account's failures.
func (t *Throttle) Succeed(ctx context.Context, acctKey string) {
	_ = t.attempts.Clear(ctx, acctKey)
}

func itoa(n int) string {
	if n <= 0 {
		return "1"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
