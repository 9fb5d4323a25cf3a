package memstore

import (
	"context"
	"time"

	"github.com/openassoc/membership/ports"
)

// LoginAttempts counts failed logins; it implements ports.LoginAttempts. Its
// writes run in transactions of their own, as bunstore's do.
type LoginAttempts struct{ s *Store }

var _ ports.LoginAttempts = (*LoginAttempts)(nil)

// RecordFailure records a failed attempt for each key.
func (l *LoginAttempts) RecordFailure(ctx context.Context, at time.Time, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	at = storedTime(at)
	return l.s.write(ctx, false, "LoginAttempts.RecordFailure", func(d *data) error {
		for _, k := range keys {
			d.failures.put(l.s.nextID.Add(1), failure{key: k, at: at})
		}
		return nil
	})
}

// Failures returns the number of failures of key at or after since and the time
// of the oldest of them (zero when there are none).
func (l *LoginAttempts) Failures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var (
		count  int
		oldest time.Time
	)
	since = storedTime(since)
	err := l.s.read(ctx, false, func(d *data) error {
		for _, f := range d.failures.all() {
			if f.key != key || f.at.Before(since) {
				continue
			}
			count++
			if oldest.IsZero() || f.at.Before(oldest) {
				oldest = f.at
			}
		}
		return nil
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	return count, oldest, nil
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
