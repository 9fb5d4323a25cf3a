package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/ports"
)

// LoginAttempts counts attempts (failed or reserved logins, reset
// confirmations, slider challenges); it implements ports.LoginAttempts. Its
// writes run in transactions of their own, as bunstore's do.
type LoginAttempts struct{ s *Store }

var _ ports.LoginAttempts = (*LoginAttempts)(nil)

// Reserve counts the attempts of each key within its window and, when all are
// below their limits, records one more for each, under the store's write lock:
// concurrent reservations count one after the other, as bunstore's do.
func (l *LoginAttempts) Reserve(ctx context.Context, at time.Time, limits ...ports.AttemptLimit) (bool, time.Duration, error) {
	if len(limits) == 0 {
		return true, 0, nil
	}
	at = storedTime(at)
	var wait time.Duration
	err := l.s.write(ctx, false, "LoginAttempts.Reserve", func(d *data) error {
		for _, lim := range limits {
			n, oldest := countFailures(d, lim.Key, at.Add(-lim.Policy.Window))
			wait = max(wait, lim.Policy.RetryAfter(n, oldest, at))
		}
		if wait > 0 {
			return nil
		}
		for _, lim := range limits {
			d.failures.put(l.s.nextID.Add(1), failure{key: lim.Key, at: at})
		}
		return nil
	})
	if err != nil {
		return false, 0, err
	}
	return wait == 0, wait, nil
}

// Release removes one attempt of key recorded at at.
func (l *LoginAttempts) Release(ctx context.Context, key string, at time.Time) error {
	at = storedTime(at)
	return l.s.write(ctx, false, "LoginAttempts.Release", func(d *data) error {
		ids := d.failures.where(func(_ int64, f failure) bool { return f.key == key && f.at.Equal(at) })
		if len(ids) > 0 {
			d.failures.del(slices.Min(ids))
		}
		return nil
	})
}

// Failures returns the number of attempts of key at or after since and the time
// of the oldest of them (zero when there are none).
func (l *LoginAttempts) Failures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var (
		count  int
		oldest time.Time
	)
	err := l.s.read(ctx, false, func(d *data) error {
		count, oldest = countFailures(d, key, storedTime(since))
		return nil
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	return count, oldest, nil
}

// countFailures counts the attempts of key at or after since.
func countFailures(d *data, key string, since time.Time) (count int, oldest time.Time) {
	for _, f := range d.failures.all() {
		if f.key != key || f.at.Before(since) {
			continue
		}
		count++
		if oldest.IsZero() || f.at.Before(oldest) {
			oldest = f.at
		}
	}
	return count, oldest
}

// Clear forgets the failures of a key after a successful login.
func (l *LoginAttempts) Clear(ctx context.Context, key string) error {
	_, err := l.deleteWhere(ctx, "LoginAttempts.Clear", func(f failure) bool { return f.key == key })
	return err
}

// DeleteBefore removes failures older than a time (housekeeping; they no longer
// count in any throttling window) and reports how many.
func (l *LoginAttempts) DeleteBefore(ctx context.Context, before time.Time) (int, error) {
	before = storedTime(before)
	return l.deleteWhere(ctx, "LoginAttempts.DeleteBefore", func(f failure) bool { return f.at.Before(before) })
}

func (l *LoginAttempts) deleteWhere(ctx context.Context, what string, match func(failure) bool) (int, error) {
	n := 0
	err := l.s.write(ctx, false, what, func(d *data) error {
		for _, id := range d.failures.where(func(_ int64, f failure) bool { return match(f) }) {
			d.failures.del(id)
			n++
		}
		return nil
	})
	return n, err
}
