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
	"github.com/openassoc/membership/ports"
)

// RunSessionStore checks a ports.SessionStore implementation; newStore returns an
// empty store per subtest.
func RunSessionStore(t *testing.T, newStore func(t *testing.T) ports.SessionStore) {
	alice := access.Principal{Kind: access.PrincipalMember, ID: "m-alice", Role: access.RoleEnterprise}
	bob := access.Principal{Kind: access.PrincipalStaff, ID: "s-bob", Role: access.RoleFinance}

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
}
