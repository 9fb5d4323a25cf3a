package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// Methods beyond the ports: listing staff and pruning old login failures.
func TestStaffListAndLoginFailurePruning(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

	repo := bunstore.NewStaffRepository(db)
	for _, name := range []string{"zhao", "li", "wang"} {
		s, err := staff.New(name, "", "", access.RoleFinance, "h", now)
		require.NoError(t, err)
		require.NoError(t, repo.Add(ctx, s))
	}
	list, err := repo.List(ctx)
	require.NoError(t, err)
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Username()
	}
	assert.Equal(t, []string{"li", "wang", "zhao"}, names)

	attempts := bunstore.NewLoginAttempts(db)
	limit := auth.ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	_, _, err = attempts.Reserve(ctx, now.Add(-time.Hour), ports.AttemptLimit{Key: "a", Policy: limit},
		ports.AttemptLimit{Key: "b", Policy: limit})
	require.NoError(t, err)
	_, _, err = attempts.Reserve(ctx, now, ports.AttemptLimit{Key: "a", Policy: limit})
	require.NoError(t, err)
	n, err := attempts.DeleteBefore(ctx, now.Add(-time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	count, _, err := attempts.Failures(ctx, "a", now.Add(-24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, count)
}

// Handled events older than a time are forgotten; newer ones are kept.
func TestHandledEventPruning(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	ledger := bunstore.NewHandledEvents(db)
	require.NoError(t, ledger.MarkHandled(ctx, "mail", "old", now.Add(-48*time.Hour)))
	require.NoError(t, ledger.MarkHandled(ctx, "notify", "old", now.Add(-48*time.Hour)))
	require.NoError(t, ledger.MarkHandled(ctx, "mail", "new", now))

	n, err := ledger.DeleteBefore(ctx, now.Add(-time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for key, want := range map[string]bool{"old": false, "new": true} {
		handled, err := ledger.Handled(ctx, "mail", key)
		require.NoError(t, err)
		assert.Equal(t, want, handled, key)
	}
}
