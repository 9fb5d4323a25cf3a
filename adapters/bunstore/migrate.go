package bunstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"
	"github.com/uptrace/bun/migrate"
)

// migrationFiles holds the versioned schema migrations, one directory per dialect.
//
//go:embed migrations
var migrationFiles embed.FS

// migrateLockClass is the first half of the PostgreSQL advisory lock that
// serializes migrations of instances starting at the same time ("memb" in ASCII);
// the second half is a hash of the schema, so that schemas migrate independently.
const migrateLockClass int32 = 0x6d656d62

// Migrate brings the schema up to date, then files in the member registry the
// members it does not hold yet (refileMembers). It is idempotent and safe when several
// processes start at once: on SQLite the whole run is one IMMEDIATE transaction on
// a dedicated connection (the others wait for it, a crash leaves nothing half
// done); on PostgreSQL a session advisory lock serializes the runs and bun's
// migration lock table guards against other bun migrators.
func (db *DB) Migrate(ctx context.Context) error {
	var err error
	if db.postgres {
		err = db.migratePostgres(ctx)
	} else {
		err = db.migrateSQLite(ctx)
	}
	if err != nil {
		return fmt.Errorf("bunstore: migrate: %w", err)
	}
	return db.refileMembers(ctx)
}

func loadMigrations(dialect string) (*migrate.Migrations, error) {
	sub, err := fs.Sub(migrationFiles, "migrations/"+dialect)
	if err != nil {
		return nil, err
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, err
	}
	return ms, nil
}

func (db *DB) migrateSQLite(ctx context.Context) (err error) {
	ms, err := loadMigrations("sqlite")
	if err != nil {
		return err
	}
	// One connection, so that every statement of the migrator runs inside the
	// transaction begun below. The migration files are not ".tx." files for that
	// reason: SQLite cannot nest transactions.
	sqldb, err := sql.Open(sqliteshim.ShimName, db.sqliteDSN)
	if err != nil {
		return err
	}
	sqldb.SetMaxOpenConns(1)
	sqldb.SetMaxIdleConns(1)
	bdb := bun.NewDB(sqldb, sqlitedialect.New())
	defer func() { err = errors.Join(err, bdb.Close()) }()

	if _, err := sqldb.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	m := migrate.NewMigrator(bdb, ms, migrate.WithMarkAppliedOnSuccess(true))
	err = m.Init(ctx)
	if err == nil {
		err = runLocked(ctx, m)
	}
	if err != nil {
		_, rbErr := sqldb.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return errors.Join(err, rbErr)
	}
	_, err = sqldb.ExecContext(ctx, "COMMIT")
	return err
}

func (db *DB) migratePostgres(ctx context.Context) error {
	ms, err := loadMigrations("postgres")
	if err != nil {
		return err
	}
	conn, err := db.bun.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx,
		"SELECT pg_advisory_lock($1, hashtext(current_schema()))", migrateLockClass); err != nil {
		return fmt.Errorf("take advisory lock: %w", err)
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", migrateLockClass)
	}()

	m := migrate.NewMigrator(db.bun, ms, migrate.WithMarkAppliedOnSuccess(true))
	if err := m.Init(ctx); err != nil {
		return err
	}
	// Every bun lock is taken under the advisory lock, which PostgreSQL releases
	// when a session ends; a lock row still present now was left by a crashed run.
	if err := m.Unlock(ctx); err != nil {
		return err
	}
	return runLocked(ctx, m)
}

// runLocked runs the unapplied migrations under bun's migration lock.
func runLocked(ctx context.Context, m *migrate.Migrator) (err error) {
	if err := m.Lock(ctx); err != nil {
		return err
	}
	defer func() { err = errors.Join(err, m.Unlock(context.WithoutCancel(ctx))) }()
	_, err = m.Migrate(ctx)
	return err
}
