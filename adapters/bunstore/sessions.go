package bunstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// sessionRow is the stored form of auth.Session.
type sessionRow struct {
	bun.BaseModel `bun:"table:sessions"`

	TokenHash     string    `bun:"token_hash,pk"`
	PrincipalKind string    `bun:"principal_kind"`
	PrincipalID   string    `bun:"principal_id"`
	Role          string    `bun:"role"`
	Persistent    bool      `bun:"persistent"`
	CreatedAt     time.Time `bun:"created_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
}

// SessionStore keeps login sessions; it implements ports.SessionStore.
type SessionStore struct{ db *DB }

var _ ports.SessionStore = (*SessionStore)(nil)

// NewSessionStore returns a session store.
func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

// Create stores a new session.
func (s *SessionStore) Create(ctx context.Context, ses auth.Session) error {
	row := &sessionRow{TokenHash: ses.TokenHash, PrincipalKind: string(ses.Principal.Kind),
		PrincipalID: ses.Principal.ID, Role: string(ses.Principal.Role), Persistent: ses.Persistent,
		CreatedAt: storedTime(ses.CreatedAt), ExpiresAt: storedTime(ses.ExpiresAt)}
	if _, err := s.db.bun.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: create session: %w", err)
	}
	return nil
}

// Get loads a session that has not expired at now, in one query with its staff
// account: a staff session carries the account's current role, and the session
// of a disabled or missing staff account is NotFound.
func (s *SessionStore) Get(ctx context.Context, tokenHash string, now time.Time) (auth.Session, error) {
	var (
		row           sessionRow
		staffRole     sql.NullString
		staffDisabled bun.NullTime
	)
	// A prepared statement (every request asks it): the session with its staff
	// account, if any, so that a staff role is the current one and a disabled
	// account has no session. The expiry is checked here.
	rows, err := s.db.query(ctx, "session_by_token", func() string {
		return `SELECT s.token_hash, s.principal_kind, s.principal_id, s.role, s.persistent,
s.created_at, s.expires_at, st.role, st.disabled_at
FROM sessions AS s LEFT JOIN staff AS st ON s.principal_kind = '` + string(access.PrincipalStaff) + `' AND st.id = s.principal_id
WHERE s.token_hash = ?`
	}, tokenHash)
	if err != nil {
		return auth.Session{}, fmt.Errorf("bunstore: get session: %w", err)
	}
	err = s.db.bun.ScanRows(ctx, rows, &row.TokenHash, &row.PrincipalKind, &row.PrincipalID, &row.Role,
		&row.Persistent, &row.CreatedAt, &row.ExpiresAt, &staffRole, &staffDisabled)
	if err != nil {
		return auth.Session{}, notFound(err, "session_not_found", "登录已失效，请重新登录")
	}
	if !loadedTime(row.ExpiresAt).After(storedTime(now)) {
		return auth.Session{}, apperr.NotFound("session_not_found", "登录已失效，请重新登录")
	}
	role := access.Role(row.Role)
	if access.PrincipalKind(row.PrincipalKind) == access.PrincipalStaff {
		if !staffRole.Valid || !staffDisabled.IsZero() {
			return auth.Session{}, apperr.NotFound("session_not_found", "登录已失效，请重新登录")
		}
		role = access.Role(staffRole.String)
	}
	return auth.Session{
		TokenHash:  row.TokenHash,
		Principal:  access.Principal{Kind: access.PrincipalKind(row.PrincipalKind), ID: row.PrincipalID, Role: role},
		Persistent: row.Persistent,
		CreatedAt:  loadedTime(row.CreatedAt),
		ExpiresAt:  loadedTime(row.ExpiresAt),
	}, nil
}

// Delete ends one session; a missing session is not an error.
func (s *SessionStore) Delete(ctx context.Context, tokenHash string) error {
	_, err := s.db.bun.NewDelete().Model((*sessionRow)(nil)).Where("token_hash = ?", tokenHash).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: delete session: %w", err)
	}
	return nil
}

// DeleteForPrincipal ends all sessions of a principal except keepTokenHash (which
// may be empty to end them all).
func (s *SessionStore) DeleteForPrincipal(ctx context.Context, p access.Principal, keepTokenHash string) error {
	_, err := s.db.bun.NewDelete().Model((*sessionRow)(nil)).
		Where("principal_kind = ?", string(p.Kind)).Where("principal_id = ?", p.ID).
		Where("token_hash <> ?", keepTokenHash).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: delete sessions of principal: %w", err)
	}
	return nil
}

// DeleteExpired removes sessions that ended at or before now.
func (s *SessionStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.bun.NewDelete().Model((*sessionRow)(nil)).
		Where("expires_at <= ?", storedTime(now)).Exec(ctx)
	return affected(res, err, "delete expired sessions")
}
