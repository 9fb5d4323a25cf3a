package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// SessionFixture is a session store and the staff repository of the same
// database (a staff session is read with its account).
type SessionFixture struct {
	Sessions ports.SessionStore
	Staff    ports.StaffRepository
}

// RunSessionStore checks a ports.SessionStore implementation; newFixture returns
// an empty store per subtest.
func RunSessionStore(t *testing.T, newFixture func(t *testing.T) SessionFixture) {
	alice := access.Principal{Kind: access.PrincipalMember, ID: "m-alice", Role: access.RoleEnterprise}
	bob := access.Principal{Kind: access.PrincipalStaff, ID: "s-bob", Role: access.RoleFinance}
	// newStore is the session store of a new fixture in which bob's staff
	// account exists.
	newStore := func(t *testing.T) ports.SessionStore {
		f := newFixture(t)
		addStaff(t, f.Staff, bob)
		return f.Sessions
	}

	run(t, "create and get", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		want, _ := auth.NewSession(alice, true, epoch())
		require.NoError(t, store.Create(ctx, want))
		got, err := store.Get(ctx, want.TokenHash, epoch().Add(time.Hour))
		require.NoError(t, err)
		sameInstant(t, want.CreatedAt, got.CreatedAt, "created_at")
		sameInstant(t, want.ExpiresAt, got.ExpiresAt, "expires_at")
		got.CreatedAt, got.ExpiresAt = want.CreatedAt, want.ExpiresAt
		assert.Equal(t, want, got)
	})

	run(t, "missing or expired is NotFound", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		s, _ := auth.NewSession(alice, false, epoch())
		require.NoError(t, store.Create(ctx, s))
		_, err := store.Get(ctx, auth.HashToken("unknown"), epoch())
		requireKind(t, err, apperr.KindNotFound)
		_, err = store.Get(ctx, s.TokenHash, s.ExpiresAt.Add(-time.Microsecond))
		require.NoError(t, err, "valid until its last microsecond")
		_, err = store.Get(ctx, s.TokenHash, s.ExpiresAt)
		requireKind(t, err, apperr.KindNotFound)
	})

	run(t, "delete", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		s, _ := auth.NewSession(alice, false, epoch())
		require.NoError(t, store.Create(ctx, s))
		require.NoError(t, store.Delete(ctx, s.TokenHash))
		_, err := store.Get(ctx, s.TokenHash, epoch())
		requireKind(t, err, apperr.KindNotFound)
		require.NoError(t, store.Delete(ctx, s.TokenHash), "deleting a missing session is fine")
	})

	run(t, "delete for principal keeps one", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		var mine []auth.Session
		for range 3 {
			s, _ := auth.NewSession(alice, false, epoch())
			require.NoError(t, store.Create(ctx, s))
			mine = append(mine, s)
		}
		other, _ := auth.NewSession(bob, false, epoch())
		require.NoError(t, store.Create(ctx, other))

		require.NoError(t, store.DeleteForPrincipal(ctx, alice, mine[1].TokenHash))
		for i, s := range mine {
			_, err := store.Get(ctx, s.TokenHash, epoch())
			if i == 1 {
				assert.NoError(t, err, "the kept session survives")
			} else {
				requireKind(t, err, apperr.KindNotFound)
			}
		}
		_, err := store.Get(ctx, other.TokenHash, epoch())
		assert.NoError(t, err, "other principals keep their sessions")

		require.NoError(t, store.DeleteForPrincipal(ctx, alice, ""))
		_, err = store.Get(ctx, mine[1].TokenHash, epoch())
		requireKind(t, err, apperr.KindNotFound)
	})

	run(t, "delete expired", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		short, _ := auth.NewSession(alice, false, epoch()) // 12 h
		long, _ := auth.NewSession(alice, true, epoch())   // 30 days
		require.NoError(t, store.Create(ctx, short))
		require.NoError(t, store.Create(ctx, long))
		n, err := store.DeleteExpired(ctx, epoch().Add(24*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		_, err = store.Get(ctx, long.TokenHash, epoch().Add(24*time.Hour))
		assert.NoError(t, err)
	})

	runStaffSessions(t, newFixture, bob)
}

// addStaff stores the staff account of principal p.
func addStaff(t *testing.T, repo ports.StaffRepository, p access.Principal) {
	t.Helper()
	require.NoError(t, repo.Add(context.Background(), staff.Restore(staff.Snapshot{ID: p.ID, Username: p.ID,
		DisplayName: p.ID, Role: p.Role, PasswordHash: "$argon2id$x", CreatedAt: epoch()})))
}

// runStaffSessions checks that a staff session is read with its account: the
// current role, and no session for a disabled or missing account.
func runStaffSessions(t *testing.T, newFixture func(t *testing.T) SessionFixture, bob access.Principal) {
	run(t, "a staff session carries the account's current role", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		addStaff(t, f.Staff, bob)
		s, _ := auth.NewSession(bob, false, epoch())
		require.NoError(t, f.Sessions.Create(ctx, s))
		require.NoError(t, f.Staff.UpdateRole(ctx, bob.ID, access.RoleReviewer))
		got, err := f.Sessions.Get(ctx, s.TokenHash, epoch())
		require.NoError(t, err)
		assert.Equal(t, access.RoleReviewer, got.Principal.Role, "the role changed without a new login")
	})

	run(t, "a disabled or missing staff account has no session", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		addStaff(t, f.Staff, bob)
		s, _ := auth.NewSession(bob, false, epoch())
		require.NoError(t, f.Sessions.Create(ctx, s))
		require.NoError(t, f.Staff.SetDisabled(ctx, bob.ID, epoch()))
		_, err := f.Sessions.Get(ctx, s.TokenHash, epoch())
		requireKind(t, err, apperr.KindNotFound)
		require.NoError(t, f.Staff.SetDisabled(ctx, bob.ID, time.Time{}))
		_, err = f.Sessions.Get(ctx, s.TokenHash, epoch())
		require.NoError(t, err, "enabled again")

		ghost := access.Principal{Kind: access.PrincipalStaff, ID: "s-ghost", Role: access.RoleAdmin}
		g, _ := auth.NewSession(ghost, false, epoch())
		require.NoError(t, f.Sessions.Create(ctx, g))
		_, err = f.Sessions.Get(ctx, g.TokenHash, epoch())
		requireKind(t, err, apperr.KindNotFound)
	})
}
