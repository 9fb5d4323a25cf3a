package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
)

// loginFailureRow is one failed login attempt of a key.
type loginFailureRow struct {
	bun.BaseModel `bun:"table:login_failures"`

	ID  int64     `bun:"id,pk,autoincrement"`
	Key string    `bun:"key"`
	At  time.Time `bun:"at"`
}

// LoginAttempts counts failed logins in the database so that throttling works
// across instances; it implements ports.LoginAttempts.
type LoginAttempts struct{ db *DB }

var _ ports.LoginAttempts = (*LoginAttempts)(nil)

// NewLoginAttempts returns a login-failure counter.
func NewLoginAttempts(db *DB) *LoginAttempts { return &LoginAttempts{db: db} }

// RecordFailure records a failed attempt for each key.
func (l *LoginAttempts) RecordFailure(ctx context.Context, at time.Time, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	rows := make([]loginFailureRow, len(keys))
	for i, k := range keys {
		rows[i] = loginFailureRow{Key: k, At: storedTime(at)}
	}
	if _, err := l.db.bun.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: record login failure: %w", err)
	}
	return nil
}

// Failures returns the number of failures of key at or after since and the time of
// the oldest of them (zero when there are none).
func (l *LoginAttempts) Failures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var (
		count  int
		oldest bun.NullTime
	)
	err := l.db.bun.NewSelect().Model((*loginFailureRow)(nil)).
		ColumnExpr("count(*)").ColumnExpr("min(at)").
		Where(`"key" = ?`, key).Where("at >= ?", storedTime(since)).
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
