package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// TokenStore keeps single-use, expiring tokens; it implements ports.TokenStore.
type TokenStore struct{ db *DB }

var _ ports.TokenStore = (*TokenStore)(nil)

// NewTokenStore returns a token store.
func NewTokenStore(db *DB) *TokenStore { return &TokenStore{db: db} }

// Put stores a payload under (purpose, key) until expiresAt, replacing an earlier
// token with the same key. It joins the transaction in ctx, if any.
func (s *TokenStore) Put(ctx context.Context, purpose, key string, payload []byte, expiresAt time.Time) error {
	if payload == nil {
		payload = []byte{}
	}
	_, err := s.db.conn(ctx).NewRaw(`INSERT INTO tokens (purpose, "key", payload, expires_at) VALUES (?, ?, ?, ?)
ON CONFLICT (purpose, "key") DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at,
subject = EXCLUDED.subject`,
		purpose, key, payload, storedTime(expiresAt)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: put token: %w", err)
	}
	return nil
}

// PutFor stores a payload under (purpose, key) until expiresAt as the one token
// of subject for purpose, in one statement: the unique index on (purpose,
// subject) makes the insert replace the subject's earlier token. It joins the
// transaction in ctx, if any.
func (s *TokenStore) PutFor(ctx context.Context, purpose, subject, key string, payload []byte, expiresAt time.Time) error {
	if subject == "" {
		return fmt.Errorf("bunstore: put token: no subject")
	}
	if payload == nil {
		payload = []byte{}
	}
	_, err := s.db.conn(ctx).NewRaw(`INSERT INTO tokens (purpose, "key", subject, payload, expires_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (purpose, subject) WHERE subject <> '' DO UPDATE
SET "key" = EXCLUDED."key", payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at`,
		purpose, key, subject, payload, storedTime(expiresAt)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: put token: %w", err)
	}
	return nil
}

// DeleteFor removes every token of subject for purpose. It joins the
// transaction in ctx, if any.
func (s *TokenStore) DeleteFor(ctx context.Context, purpose, subject string) (int, error) {
	if subject == "" {
		return 0, nil
	}
	res, err := s.db.conn(ctx).NewRaw(`DELETE FROM tokens WHERE purpose = ? AND subject = ?`, purpose, subject).Exec(ctx)
	return affected(res, err, "delete tokens of subject")
}

// Take removes the token in one statement and returns its payload; of concurrent
// callers only one gets it. A missing, used or expired token is NotFound. It
// joins the transaction in ctx, if any, so a token is used up only together
// with what it was used for.
func (s *TokenStore) Take(ctx context.Context, purpose, key string, now time.Time) ([]byte, error) {
	var (
		payload   []byte
		expiresAt time.Time
	)
	err := s.db.conn(ctx).NewRaw(`DELETE FROM tokens WHERE purpose = ? AND "key" = ? RETURNING payload, expires_at`,
		purpose, key).Scan(ctx, &payload, &expiresAt)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(expiresAt)) {
		return nil, apperr.NotFound("token_not_found", "链接或验证已失效，请重新获取")
	}
	if err != nil {
		return nil, fmt.Errorf("bunstore: take token: %w", err)
	}
	return payload, nil
}

// Peek returns the payload of a live token without removing it; a missing or
// expired token is NotFound. It joins the transaction in ctx, if any.
func (s *TokenStore) Peek(ctx context.Context, purpose, key string, now time.Time) ([]byte, error) {
	var (
		payload   []byte
		expiresAt time.Time
	)
	err := s.db.conn(ctx).NewRaw(`SELECT payload, expires_at FROM tokens WHERE purpose = ? AND "key" = ?`,
		purpose, key).Scan(ctx, &payload, &expiresAt)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(expiresAt)) {
		return nil, apperr.NotFound("token_not_found", "链接或验证已失效，请重新获取")
	}
	if err != nil {
		return nil, fmt.Errorf("bunstore: peek token: %w", err)
	}
	if payload == nil {
		payload = []byte{}
	}
	return payload, nil
}

// DeleteExpired removes tokens that expired at or before now.
func (s *TokenStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.bun.NewRaw(`DELETE FROM tokens WHERE expires_at <= ?`, storedTime(now)).Exec(ctx)
	return affected(res, err, "delete expired tokens")
}

// affected returns the rows a statement changed.
func affected(res sql.Result, err error, what string) (int, error) {
	if err != nil {
		return 0, fmt.Errorf("bunstore: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("bunstore: %s: %w", what, err)
	}
	return int(n), nil
}
