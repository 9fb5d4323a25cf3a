package bunstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// statements keeps the prepared statements of the hottest reads (the session,
// the member and its application, the latest notifications: every member page
// asks them). Parsing a statement costs SQLite about as much as running it, and
// bun writes its arguments into the SQL text, so those reads are written here
// with placeholders, prepared once per database and reused (database/sql
// prepares them again on each pooled connection as needed). Their arguments are
// strings only, so both dialects bind them alike.
type statements struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// query runs the prepared read called name, whose text build writes (once, with
// ? placeholders — bun.Safe("?") as an argument of bun's query builder — which
// are numbered $1, $2 … on PostgreSQL). Inside a transaction (ctx from
// Transactor.Run) the statement runs on the transaction's connection, so it
// sees the transaction's own writes. The caller closes the rows.
func (db *DB) query(ctx context.Context, name string, build func() string, args ...any) (*sql.Rows, error) {
	st, err := db.prepared(ctx, name, build)
	if err != nil {
		return nil, err
	}
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return st.QueryContext(ctx, args...)
}

// prepared returns the statement called name, preparing it on first use.
func (db *DB) prepared(ctx context.Context, name string, build func() string) (*sql.Stmt, error) {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if st, ok := db.stmts.m[name]; ok {
		return st, nil
	}
	q := build()
	if db.postgres {
		q = numberPlaceholders(q)
	}
	st, err := db.bun.DB.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("bunstore: prepare: %w", err)
	}
	if db.stmts.m == nil {
		db.stmts.m = map[string]*sql.Stmt{}
	}
	db.stmts.m[name] = st
	return st, nil
}

// closeStatements closes the prepared statements (at Close).
func (db *DB) closeStatements() {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	for _, st := range db.stmts.m {
		_ = st.Close()
	}
	db.stmts.m = nil
}

// numberPlaceholders turns ? into $1, $2 … (the statements here have no ? in a
// literal).
func numberPlaceholders(text string) string {
	var b strings.Builder
	n := 0
	for _, r := range text {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// timeArg is a time as a prepared statement's argument: the text bun writes
// for a time in both dialects (UTC, microseconds), so that SQLite compares it
// with the stored text as it compares bun's literals, and PostgreSQL reads it
// as the timestamptz the column is.
func timeArg(t time.Time) string {
	return storedTime(t).Format("2006-01-02 15:04:05.999999-07:00")
}

// scanOne reads the single row of rows into dest (a bun model, or a []any of
// one destination per column) and closes rows; no row is sql.ErrNoRows.
func (db *DB) scanOne(ctx context.Context, rows *sql.Rows, dest any) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	dests, ok := dest.([]any)
	if !ok {
		dests = []any{dest}
	}
	if err := db.bun.ScanRow(ctx, rows, dests...); err != nil {
		return err
	}
	return rows.Close()
}

// statusCounts reads the rows of a "status, count" GROUP BY and closes them.
func statusCounts(rows *sql.Rows) (map[string]int, error) {
	defer func() { _ = rows.Close() }()
	out := map[string]int{}
	for rows.Next() {
		var (
			s string
			n int
		)
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
