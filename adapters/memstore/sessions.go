package memstore

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// SessionStore keeps login sessions; it implements ports.SessionStore. Its
// writes run in transactions of their own, as bunstore's do.
type SessionStore struct{ s *Store }

var _ ports.SessionStore = (*SessionStore)(nil)

// Create stores a new session; a token hash stored already is an error.
func (x *SessionStore) Create(ctx context.Context, ses auth.Session) error {
	ses.CreatedAt, ses.ExpiresAt = storedTime(ses.CreatedAt), storedTime(ses.ExpiresAt)
	return x.s.write(ctx, false, "SessionStore.Create", func(d *data) error {
		if d.sessions.has(ses.TokenHash) {
			return errConstraint("sessions.token_hash exists")
		}
		d.sessions.put(ses.TokenHash, ses)
		return nil
	})
}

// Get loads a session that has not expired at now (to the microsecond), with
// its staff account as bunstore joins it: a staff session carries the account's
// current role, and the session of a disabled or missing staff account is
// NotFound.
func (x *SessionStore) Get(ctx context.Context, tokenHash string, now time.Time) (auth.Session, error) {
	var ses auth.Session
	err := x.s.read(ctx, false, func(d *data) error {
		var ok bool
		ses, ok = d.sessions.get(tokenHash)
		if !ok || !ses.ExpiresAt.After(storedTime(now)) {
			return apperr.NotFound("session_not_found", "登录已失效，请重新登录")
		}
		if ses.Principal.Kind == access.PrincipalStaff {
			acct, ok := d.staff.get(ses.Principal.ID)
			if !ok || !acct.DisabledAt.IsZero() {
				return apperr.NotFound("session_not_found", "登录已失效，请重新登录")
			}
			ses.Principal.Role = acct.Role
		}
		return nil
	})
	if err != nil {
		return auth.Session{}, err
	}
	return ses, nil
}

// Delete ends one session; a missing session is not an error.
func (x *SessionStore) Delete(ctx context.Context, tokenHash string) error {
	return x.s.write(ctx, false, "SessionStore.Delete", func(d *data) error {
		d.sessions.del(tokenHash)
		return nil
	})
}

// DeleteForPrincipal ends all sessions of a principal except keepTokenHash (which
// may be empty to end them all).
func (x *SessionStore) DeleteForPrincipal(ctx context.Context, p access.Principal, keepTokenHash string) error {
	return x.s.write(ctx, false, "SessionStore.DeleteForPrincipal", func(d *data) error {
		for _, hash := range d.sessions.where(func(hash string, ses auth.Session) bool {
			return ses.Principal.Kind == p.Kind && ses.Principal.ID == p.ID && hash != keepTokenHash
		}) {
			d.sessions.del(hash)
		}
		return nil
	})
}

// DeleteExpired removes sessions that ended at or before now and reports how
// many.
func (x *SessionStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := x.s.write(ctx, false, "SessionStore.DeleteExpired", func(d *data) error {
		for _, hash := range d.sessions.where(func(_ string, ses auth.Session) bool {
			return !ses.ExpiresAt.After(storedTime(now))
		}) {
			d.sessions.del(hash)
			n++
		}
		return nil
	})
	return n, err
}
