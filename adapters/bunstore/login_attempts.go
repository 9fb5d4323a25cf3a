package bunstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
)

// loginFailureRow is one counted attempt of a key (a failed login, or one
// reserved and not yet released).
type loginFailureRow struct {
	bun.BaseModel `bun:"table:login_failures"`

	ID  int64     `bun:"id,pk,autoincrement"`
	Key string    `bun:"key"`
	At  time.Time `bun:"at"`
}

// LoginAttempts counts attempts in the database so that throttling works across
// instances; it implements ports.LoginAttempts.
type LoginAttempts struct{ db *DB }

var _ ports.LoginAttempts = (*LoginAttempts)(nil)

// NewLoginAttempts returns a login-failure counter.
func NewLoginAttempts(db *DB) *LoginAttempts { return &LoginAttempts{db: db} }

// throttleLockClass is the first half of the PostgreSQL advisory locks that
// serialize the reservations of one key ("thrt" in ASCII); the second half is a
// hash of the key.
const throttleLockClass int32 = 0x74687274

// Reserve counts the attempts of each key within its window and, when all are
// below their limits, records one more for each, in one transaction: on SQLite
// the transaction holds the write lock from its start, on PostgreSQL it first
// takes a transaction advisory lock per key (in key order, so that two
// reservations never wait for each other), so concurrent reservations of a key
// count one after the other.
func (l *LoginAttempts) Reserve(ctx context.Context, at time.Time, limits ...ports.AttemptLimit) (bool, time.Duration, error) {
	if len(limits) == 0 {
		return true, 0, nil
	}
	at = storedTime(at)
	var wait time.Duration
	err := l.db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if l.db.postgres {
			if err := lockKeys(ctx, tx, limits); err != nil {
				return err
			}
		}
		for _, lim := range limits {
			n, oldest, err := countFailures(ctx, tx, lim.Key, at.Add(-lim.Policy.Window))
			if err != nil {
				return err
			}
			wait = max(wait, lim.Policy.RetryAfter(n, oldest, at))
		}
		if wait > 0 {
			return nil
		}
		rows := make([]loginFailureRow, len(limits))
		for i, lim := range limits {
			rows[i] = loginFailureRow{Key: lim.Key, At: at}
		}
		_, err := tx.NewInsert().Model(&rows).Exec(ctx)
		return err
	})
	if err != nil {
		return false, 0, fmt.Errorf("bunstore: reserve login attempt: %w", err)
	}
	return wait == 0, wait, nil
}

// lockKeys takes the advisory lock of every key of limits, in key order.
func lockKeys(ctx context.Context, tx bun.Tx, limits []ports.AttemptLimit) error {
	keys := make([]string, 0, len(limits))
	for _, lim := range limits {
		keys = append(keys, lim.Key)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if _, err := tx.NewRaw("SELECT pg_advisory_xact_lock(?, hashtext(?))", throttleLockClass, k).Exec(ctx); err != nil {
			return fmt.Errorf("lock %q: %w", k, err)
		}
	}
	return nil
}

// Release removes one attempt of key recorded at at.
func (l *LoginAttempts) Release(ctx context.Context, key string, at time.Time) error {
	_, err := l.db.bun.NewRaw(`DELETE FROM login_failures WHERE id IN
(SELECT id FROM login_failures WHERE "key" = ? AND at = ? ORDER BY id LIMIT 1)`, key, storedTime(at)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: release login attempt: %w", err)
	}
	return nil
}

// Failures returns the number of attempts of key at or after since and the time
// of the oldest of them (zero when there are none).
//
// A prepared statement: the member detail's 账号协助 card asks it on every view.
func (l *LoginAttempts) Failures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	rows, err := l.db.query(ctx, "login_failures_since", func() string {
		return l.db.bun.NewSelect().Model((*loginFailureRow)(nil)).ColumnExpr("count(*)").ColumnExpr("min(at)").
			Where(`"key" = ?`, bun.Safe("?")).Where("at >= ?", bun.Safe("?")).String()
	}, key, timeArg(since))
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("bunstore: count login failures: %w", err)
	}
	var (
		count  int
		oldest bun.NullTime
	)
	if err := l.db.scanOne(ctx, rows, []any{&count, &oldest}); err != nil {
		return 0, time.Time{}, fmt.Errorf("bunstore: count login failures: %w", err)
	}
	return count, loadedTime(oldest.Time), nil
}

// countFailures counts the attempts of key at or after since on db (the
// database or a transaction).
func countFailures(ctx context.Context, db bun.IDB, key string, since time.Time) (int, time.Time, error) {
	var (
		count  int
		oldest bun.NullTime
	)
	err := db.NewSelect().Model((*loginFailureRow)(nil)).
		ColumnExpr("count(*)").ColumnExpr("min(at)").
		Where(`"key" = ?`, key).Where("at >= ?", since).
		Scan(ctx, &count, &oldest)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("bunstore: count login failures: %w", err)
	}
	return count, loadedTime(oldest.Time), nil
}

// Clear forgets the failures of a key after a successful login.
func (l *LoginAttempts) Clear(ctx context.Context, key string) error {
	_, err := l.db.bun.NewDelete().Model((*loginFailureRow)(nil)).Where(`"key" = ?`, key).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: clear login failures: %w", err)
	}
	return nil
}

// DeleteBefore removes failures older than a time (housekeeping; they no longer
// count in any throttling window) and reports how many.
func (l *LoginAttempts) DeleteBefore(ctx context.Context, before time.Time) (int, error) {
	res, err := l.db.bun.NewDelete().Model((*loginFailureRow)(nil)).
		Where("at < ?", storedTime(before)).Exec(ctx)
	return affected(res, err, "delete old login failures")
}
