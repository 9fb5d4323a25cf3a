package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// Throttle applies the per-account and per-address limits on login attempts.
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

// Keys of the other forms limited per address (ReserveAddress) carry their scope
// before the address key ("reset-addr:…"), so they count apart from logins.

// Attempt is a reserved login attempt: it counts as a failure against every key
// it was reserved for unless Succeed gives it back.
type Attempt struct {
	at   time.Time
	keys []string // the account keys and the address key
}

// Reserve counts a login attempt against the account keys and the address before
// the password is checked, in one atomic step of the store: while any of them is
// at its limit the attempt is refused (login_throttled, with the wait) and
// nothing is recorded. Reserving first is what keeps concurrent attempts from
// all passing a limit none of them has recorded yet.
func (t *Throttle) Reserve(ctx context.Context, addr string, acctKeys ...string) (Attempt, error) {
	limits := make([]ports.AttemptLimit, 0, len(acctKeys)+1)
	for _, k := range acctKeys {
		limits = append(limits, ports.AttemptLimit{Key: k, Policy: t.account})
	}
	if addr != "" {
		limits = append(limits, ports.AttemptLimit{Key: addressKey(addr), Policy: t.address})
	}
	a := Attempt{at: t.clock.Now()}
	ok, wait, err := t.attempts.Reserve(ctx, a.at, limits...)
	if err != nil {
		return Attempt{}, apperr.Internal(err)
	}
	if !ok {
		return Attempt{}, throttled("login_throttled", "登录失败次数过多，请", wait)
	}
	for _, l := range limits {
		a.keys = append(a.keys, l.Key)
	}
	return a, nil
}

// Succeed forgets the failures of the account that logged in and gives the
// attempt back to the other keys it was reserved for (the address, another
// account the login text named): a success counts against none of them.
func (t *Throttle) Succeed(ctx context.Context, a Attempt, acctKey string) {
	_ = t.attempts.Clear(ctx, acctKey)
	for _, k := range a.keys {
		if k != acctKey {
			_ = t.attempts.Release(ctx, k, a.at)
		}
	}
}

// ReserveAddress counts one attempt of a form other than a login (scope names
// it, e.g. "reset") from addr under the address policy, before the work it
// guards: while addr is at its limit the attempt is refused with the Throttled
// error code and nothing is recorded. No address (a caller inside the process)
// is not limited.
func (t *Throttle) ReserveAddress(ctx context.Context, scope, addr, code string) (Attempt, error) {
	return reserveAddress(ctx, t.attempts, t.clock, scope, addr, t.address, code, "尝试次数过多，请")
}

// Release gives a reserved attempt back to every key it was reserved for: it
// succeeded and does not count against them.
func (t *Throttle) Release(ctx context.Context, a Attempt) {
	release(ctx, t.attempts, a)
}

// reserveAddress counts one attempt of scope from addr under policy p; over the
// limit it is the Throttled error code, prefix + "N分钟后再试".
func reserveAddress(ctx context.Context, attempts ports.LoginAttempts, clock ports.Clock, scope, addr string,
	p auth.ThrottlePolicy, code, prefix string) (Attempt, error) {
	if addr == "" {
		return Attempt{}, nil
	}
	key := scope + "-" + addressKey(addr)
	a := Attempt{at: clock.Now(), keys: []string{key}}
	ok, wait, err := attempts.Reserve(ctx, a.at, ports.AttemptLimit{Key: key, Policy: p})
	if err != nil {
		return Attempt{}, apperr.Internal(err)
	}
	if !ok {
		return Attempt{}, throttled(code, prefix, wait)
	}
	return a, nil
}

// release gives attempt a back to each of its keys.
func release(ctx context.Context, attempts ports.LoginAttempts, a Attempt) {
	for _, k := range a.keys {
		_ = attempts.Release(ctx, k, a.at)
	}
}

// throttled is the Throttled error of code with the wait in whole minutes
// (rounded up): the message is prefix + "N分钟后再试".
func throttled(code, prefix string, wait time.Duration) error {
	mins := int((wait + time.Minute - time.Second) / time.Minute)
	return apperr.Throttled(code, prefix+itoa(mins)+"分钟后再试", wait)
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
