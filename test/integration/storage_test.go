//go:build integration

package integration

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/test/contract"
)

// TestStorageContractOnPostgres runs every storage contract suite against bunstore
// on the PostgreSQL container, each subtest in a migrated schema of its own (as
// test/contract's TestPostgres does when given a DSN). The repositories write
// their events to the outbox table, which the suites read back; the production
// PostgreSQL outbox is under test in TestOutbox*.
func TestStorageContractOnPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	open := func(t *testing.T) *bunstore.DB {
		db := bunstoretest.OpenPostgres(t, dsn)
		bunstoretest.AddOutboxTable(t, db)
		return db
	}
	contract.RunBunstore(t, open)
}

// TestMigrationsOnPostgresAreSafeConcurrently starts several "instances" at once
// on one empty schema: each opens and migrates, as memberd does at start.
func TestMigrationsOnPostgresAreSafeConcurrently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	admin := bunstoretest.Open(t, postgresDSN(t)) // the public schema, migrated once
	schema := "concurrent_" + randomHex(6)
	_, err := admin.SQL().ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin.SQL().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(postgresDSN(t))
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	const instances = 4
	errs := make(chan error, instances)
	for range instances {
		go func() {
			db, err := bunstore.Open(ctx, u.String())
			if err == nil {
				err = db.Migrate(ctx)
				_ = db.Close()
			}
			errs <- err
		}()
	}
	for range instances {
		require.NoError(t, <-errs)
	}
	var tables int
	require.NoError(t, admin.SQL().QueryRowContext(ctx,
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&tables))
	require.Greater(t, tables, 3, "the schema was migrated")
}
