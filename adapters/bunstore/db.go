// Package bunstore implements the storage ports with bun on SQLite (the embedded
// default: one file, pure-Go driver) or PostgreSQL (for several instances).
package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// DB is an open database with its dialect. It is safe for concurrent use; open it
// once per process and share it between the stores.
type DB struct {
	bun      *bun.DB
	postgres bool
	// sqliteDSN is the driver DSN of a SQLite database, used to open the dedicated
	// connection that migrations run on.
	sqliteDSN string
	// afterCommit are the AfterCommit hooks.
	afterCommit []func()
	// stmts are the prepared hot reads (stmt.go).
	stmts statements
	// loc is the association's time zone (SetTimeZone, member_search.go).
	loc *time.Location
	// poolSize is the most connections the pool opens.
	poolSize int
}

// Open opens the database a DSN names:
//
//   - "postgres://…" or "postgresql://…": PostgreSQL through pgx;
//   - "sqlite:PATH", "file:PATH?…" or a plain file path: one SQLite file in WAL
//     mode, with a busy timeout, foreign keys on and transactions that take the
//     write lock when they begin.
//
// Open checks that the database answers; it does not migrate (see Migrate).
func Open(ctx context.Context, dsn string) (*DB, error) {
	dsn = strings.TrimSpace(dsn)
	if dsn == "" {
		return nil, errors.New("bunstore: empty database DSN")
	}
	var (
		db  *DB
		err error
	)
	if isPostgresDSN(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ready(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("bunstore: connect: %w", err)
	}
	return db, nil
}

func isPostgresDSN(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

func openPostgres(dsn string) (*DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("bunstore: open postgres: %w", err)
	}
	sqldb.SetMaxOpenConns(25)
	sqldb.SetMaxIdleConns(10)
	sqldb.SetConnMaxLifetime(30 * time.Minute)
	return &DB{bun: bun.NewDB(sqldb, pgdialect.New()), postgres: true, poolSize: 25}, nil
}

func openSQLite(dsn string) (*DB, error) {
	driverDSN, err := sqliteDriverDSN(dsn, sqliteshim.DriverName())
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open(sqliteshim.ShimName, driverDSN)
	if err != nil {
		return nil, fmt.Errorf("bunstore: open sqlite: %w", err)
	}
	// WAL lets readers run beside the one writer; writers queue on the immediate
	// transaction and the busy timeout. A small pool keeps reads concurrent without
	// piling up writers that can only wait.
	n := max(4, runtime.NumCPU())
	sqldb.SetMaxOpenConns(n)
	sqldb.SetMaxIdleConns(n)
	sqldb.SetConnMaxIdleTime(0)
	sqldb.SetConnMaxLifetime(0)
	return &DB{bun: bun.NewDB(sqldb, sqlitedialect.New()), sqliteDSN: driverDSN, poolSize: n}, nil
}

// Bun returns the bun handle.
func (db *DB) Bun() *bun.DB { return db.bun }

// SQL returns the database/sql handle (the PostgreSQL Watermill outbox needs it).
func (db *DB) SQL() *sql.DB { return db.bun.DB }

// IsPostgres reports whether the database is PostgreSQL (otherwise it is SQLite).
func (db *DB) IsPostgres() bool { return db.postgres }

// Close closes the database.
func (db *DB) Close() error {
	db.closeStatements()
	return db.bun.Close()
}

// Ready reports whether the database answers a query, for the readiness probe.
func (db *DB) Ready(ctx context.Context) error {
	var one int
	if err := db.bun.NewSelect().ColumnExpr("1").Scan(ctx, &one); err != nil {
		return fmt.Errorf("bunstore: database not ready: %w", err)
	}
	return nil
}
