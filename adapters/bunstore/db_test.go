package bunstore_test

import (
	"context"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
)

func TestOpenSQLiteSettings(t *testing.T) {
	db := bunstoretest.OpenSQLite(t)
	ctx := context.Background()
	assert.False(t, db.IsPostgres())
	require.NoError(t, db.Ready(ctx))
	require.Same(t, db.Bun().DB, db.SQL())

	pragmas := []struct {
		name string
		want string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "10000"},
		{"synchronous", "1"}, // NORMAL
	}
	for _, p := range pragmas {
		var got string
		require.NoError(t, db.SQL().QueryRowContext(ctx, "PRAGMA "+p.name).Scan(&got))
		assert.Equal(t, p.want, got, p.name)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", "  ", ":memory:", "mysql://localhost/x"} {
		_, err := bunstore.Open(ctx, dsn)
		assert.Error(t, err, "%q", dsn)
	}
	db, err := bunstore.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	require.NoError(t, err)
	require.NoError(t, db.Close())
	assert.Error(t, db.Ready(ctx), "a closed database is not ready")
}

// TestMigrateConcurrently starts several "processes" (separate pools on one file)
// migrating at once, then again: all succeed and each migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	migrateConcurrently(t, filepath.Join(t.TempDir(), "m.db"), "sqlite")
}

// TestMigratePostgresConcurrently does the same on PostgreSQL, in a new schema.
func TestMigratePostgresConcurrently(t *testing.T) {
	dsn := bunstoretest.PostgresDSN(t)
	admin := bunstoretest.OpenPostgres(t, dsn) // a migrated schema of its own...
	var schema string
	require.NoError(t, admin.SQL().QueryRow("SELECT current_schema()").Scan(&schema))
	_, err := admin.SQL().Exec("DROP SCHEMA " + schema + " CASCADE; CREATE SCHEMA " + schema)
	require.NoError(t, err) // ...emptied again, dropped at cleanup
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db := migrateConcurrently(t, u.String(), "postgres")

	// A bun lock left behind by a crashed run does not block the next start.
	_, err = db.SQL().Exec("INSERT INTO bun_migration_locks (table_name) VALUES ('bun_migrations')")
	require.NoError(t, err)
	require.NoError(t, db.Migrate(context.Background()))
	var locks int
	require.NoError(t, db.SQL().QueryRow("SELECT count(*) FROM bun_migration_locks").Scan(&locks))
	assert.Zero(t, locks)
}

// migrateConcurrently migrates the database of dsn from four pools at once and
// returns one of them.
func migrateConcurrently(t *testing.T, dsn, dialect string) *bunstore.DB {
	ctx := context.Background()
	dbs := make([]*bunstore.DB, 4)
	for i := range dbs {
		db, err := bunstore.Open(ctx, dsn)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		dbs[i] = db
	}
	var wg sync.WaitGroup
	errs := make([]error, len(dbs))
	for i, db := range dbs {
		wg.Go(func() { errs[i] = db.Migrate(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, dbs[0].Migrate(ctx), "migrating an up-to-date database is a no-op")

	var applied, locks int
	require.NoError(t, dbs[0].SQL().QueryRowContext(ctx, "SELECT count(*) FROM bun_migrations").Scan(&applied))
	require.NoError(t, dbs[0].SQL().QueryRowContext(ctx, "SELECT count(*) FROM bun_migration_locks").Scan(&locks))
	files, err := filepath.Glob("migrations/" + dialect + "/*.up.sql")
	require.NoError(t, err)
	assert.Equal(t, len(files), applied, "each migration applied once")
	assert.Zero(t, locks, "the migration lock is released")
	for _, table := range []string{"members", "staff", "sessions", "tokens", "login_failures", "sequences"} {
		var n int
		require.NoError(t, dbs[1].SQL().QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n), table)
	}
	return dbs[0]
}
