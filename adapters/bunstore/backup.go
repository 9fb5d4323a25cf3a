package bunstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SchemaVersion returns the newest migration applied to the database, e.g.
// "0010" (migrations are numbered; see migrations/).
func (db *DB) SchemaVersion(ctx context.Context) (string, error) {
	var v string
	if err := db.bun.QueryRowContext(ctx, "SELECT COALESCE(MAX(name), '') FROM bun_migrations").Scan(&v); err != nil {
		return "", fmt.Errorf("bunstore: schema version: %w", err)
	}
	return v, nil
}

// LatestSchemaVersion returns the newest migration this build knows for the
// dialect ("sqlite" or "postgres"): a database whose schema is newer was
// written by a newer release.
func LatestSchemaVersion(dialect string) (string, error) {
	ms, err := loadMigrations(dialect)
	if err != nil {
		return "", err
	}
	var names []string
	for _, m := range ms.Sorted() {
		names = append(names, m.Name)
	}
	if len(names) == 0 {
		return "", errors.New("bunstore: no migrations")
	}
	sort.Strings(names)
	return names[len(names)-1], nil
}

// CopyInto writes a consistent copy of the SQLite database to path with VACUUM
// INTO: one read transaction, so writers (a running memberd) go on meanwhile
// and the copy is the database as of its start. path must not exist.
func (db *DB) CopyInto(ctx context.Context, path string) error {
	if db.postgres {
		return errors.New("bunstore: CopyInto is for SQLite; back up PostgreSQL with pg_dump")
	}
	if _, err := db.bun.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("bunstore: copy the database into %s: %w", path, err)
	}
	return nil
}

// SQLiteFile returns the database file an SQLite DSN names (a path,
// sqlite:PATH or file:PATH?…); PostgreSQL URLs are an error.
func SQLiteFile(dsn string) (string, error) {
	path := dsn
	switch {
	case isPostgresDSN(dsn):
		return "", errors.New("bunstore: not an SQLite database")
	case strings.HasPrefix(dsn, "sqlite:"):
		path = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	case strings.HasPrefix(dsn, "file:"):
		path, _, _ = strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	}
	if path == "" || path == ":memory:" {
		return "", errors.New("bunstore: no SQLite file")
	}
	return filepath.Clean(path), nil
}

// RemoveSQLite removes an SQLite database file with its -wal and -shm files.
func RemoveSQLite(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
