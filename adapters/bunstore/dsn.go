package bunstore

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// busyTimeoutMS is how long a SQLite statement waits for the write lock.
const busyTimeoutMS = 10000

// sqliteDriverDSN turns one of the accepted SQLite DSN forms into the DSN of the
// database/sql driver sqliteshim picked: modernc.org/sqlite ("sqlite", the pure-Go
// driver used on the common platforms) or mattn/go-sqlite3 ("sqlite3", cgo).
// Settings already present in a "file:" DSN are kept. The database file is
// created here when missing, with mode 0600 (see createPrivate).
func sqliteDriverDSN(dsn, driver string) (string, error) {
	path, query, uri := dsn, "", false
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	case strings.HasPrefix(dsn, "file:"):
		path, uri = strings.TrimPrefix(dsn, "file:"), true
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, query = path[:i], path[i+1:]
		}
	case strings.Contains(dsn, "://"):
		return "", fmt.Errorf("bunstore: unsupported database DSN %q (use a file path, sqlite:PATH, file:PATH or postgres://)", redact(dsn))
	}
	if path == "" || path == ":memory:" || strings.Contains(query, "mode=memory") {
		return "", errors.New("bunstore: SQLite needs a database file (in-memory databases are not shared between connections)")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", fmt.Errorf("bunstore: create database directory: %w", err)
		}
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("bunstore: parse SQLite DSN options: %w", err)
	}
	if mode := q.Get("mode"); mode != "ro" && mode != "rw" { // ro, rw: SQLite creates nothing
		if err := createPrivate(path, uri); err != nil {
			return "", err
		}
	}
	if driver == "sqlite3" {
		setDefault(q, "_busy_timeout", fmt.Sprint(busyTimeoutMS))
		setDefault(q, "_journal_mode", "WAL")
		setDefault(q, "_foreign_keys", "1")
		setDefault(q, "_synchronous", "NORMAL")
		setDefault(q, "_txlock", "immediate")
	} else {
		addPragma(q, "busy_timeout", fmt.Sprint(busyTimeoutMS))
		addPragma(q, "journal_mode", "WAL")
		addPragma(q, "foreign_keys", "1")
		addPragma(q, "synchronous", "NORMAL")
		// Reads through a memory map: the pages of a large database (the
		// member registry's indexes at 100 000 members) come from the OS page
		// cache without a read call each, which the member list's lookups
		// otherwise spend most of their time in.
		addPragma(q, "mmap_size", "268435456")
		setDefault(q, "_txlock", "immediate")
	}
	if uri {
		// The driver passes a "file:" DSN to SQLite as a URI, which ignores the
		// driver's own options.
		return "file:" + path + "?" + q.Encode(), nil
	}
	// A plain path is opened as is; the driver strips its options after "?".
	return path + "?" + q.Encode(), nil
}

// createPrivate creates the SQLite file, when missing, readable and writable by
// its owner only (0600): it holds password hashes, sessions and the members'
// data. SQLite gives the -wal and -shm files it creates beside it the database
// file's mode. An existing file keeps its mode.
func createPrivate(path string, uri bool) error {
	if uri {
		p, err := url.PathUnescape(path)
		if err != nil {
			return fmt.Errorf("bunstore: SQLite file name %q: %w", path, err)
		}
		path = p
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- the operator's database path
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("bunstore: create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bunstore: create database file: %w", err)
	}
	return nil
}

func setDefault(q url.Values, key, value string) {
	if q.Get(key) == "" {
		q.Set(key, value)
	}
}

// addPragma adds a modernc "_pragma=name(value)" option unless the DSN sets it.
func addPragma(q url.Values, name, value string) {
	for _, p := range q["_pragma"] {
		p = strings.ToLower(strings.TrimSpace(p))
		if strings.HasPrefix(p, name+"(") || strings.HasPrefix(p, name+"=") || p == name {
			return
		}
	}
	q.Add("_pragma", name+"("+value+")")
}

// redact hides a password in a URL-shaped DSN for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}
