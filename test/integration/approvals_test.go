//go:build integration

package integration

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/membershiptest"
)

// TestConcurrentApprovalsOnPostgres approves 200 applications at once through the
// approve use case of a whole module on a database of its own on the PostgreSQL
// container: the scenario the root package runs on SQLite
// (membershiptest.ConcurrentApprovals), 200 distinct numbers in sequence, each
// member approved, notified and mailed once.
func TestConcurrentApprovalsOnPostgres(t *testing.T) {
	t.Parallel()
	const n = 200
	dsn := createDatabase(t, "approvals_"+randomHex(4))
	membershiptest.ConcurrentApprovals(t, n, membershiptest.WithDatabase(dsn))

	// The numbers are PostgreSQL's: the module ran on that database.
	ctx := context.Background()
	db, err := bunstore.Open(ctx, dsn)
	require.NoError(t, err)
	defer db.Close()
	var numbers, distinct int
	require.NoError(t, db.SQL().QueryRowContext(ctx,
		`SELECT count(number), count(DISTINCT number) FROM members WHERE number IS NOT NULL`).Scan(&numbers, &distinct))
	assert.Equal(t, n, numbers)
	assert.Equal(t, n, distinct)
}
