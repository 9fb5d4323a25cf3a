package bunstore

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
)

// bulk is tx for the multi-row inserts of 导入老会员 and of the seeding bulk
// insert. On PostgreSQL their statements run in pgx's exec mode instead of
// the driver's default, which prepares every statement and keeps it, keyed by
// its text, in a per-connection cache of 512: bun writes the values into the
// text, so each 500-row insert is a new statement of up to a few hundred
// kilobytes that the cache holds on to. Measured with
// BenchmarkLegacyImportPostgres (20 000 rows, the import in a child process):
// peak RSS 197 MB (159 MB anonymous) with the cache, 124 MB (82 MB) in exec
// mode, the commit as fast (one round trip, no prepare); at 100 000 rows the
// cache took the import to 487 MB. Elsewhere tx is returned as it is.
func (db *DB) bulk(tx bun.Tx) bun.IDB {
	if !db.postgres {
		return tx
	}
	return bulkTx{Tx: tx}
}

// bulkTx is a transaction whose inserts, deletes and raw statements run in
// pgx's exec mode (bulk).
type bulkTx struct{ bun.Tx }

// NewInsert starts an insert run in exec mode.
func (t bulkTx) NewInsert() *bun.InsertQuery { return t.Tx.NewInsert().Conn(execMode{t.Tx.Tx}) }

// NewDelete starts a delete run in exec mode.
func (t bulkTx) NewDelete() *bun.DeleteQuery { return t.Tx.NewDelete().Conn(execMode{t.Tx.Tx}) }

// NewRaw starts a raw statement run in exec mode.
func (t bulkTx) NewRaw(query string, args ...any) *bun.RawQuery {
	return t.Tx.NewRaw(query, args...).Conn(execMode{t.Tx.Tx})
}

// execMode runs bun's formatted statements (no arguments left) on the
// transaction with pgx.QueryExecModeExec, which pgx's database/sql driver
// reads from the first argument.
type execMode struct{ tx *sql.Tx }

func (c execMode) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.tx.ExecContext(ctx, query, append([]any{pgx.QueryExecModeExec}, args...)...) //nolint:wrapcheck // bun wraps
}

func (c execMode) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.tx.QueryContext(ctx, query, append([]any{pgx.QueryExecModeExec}, args...)...) //nolint:wrapcheck // bun wraps
}

func (c execMode) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.tx.QueryRowContext(ctx, query, append([]any{pgx.QueryExecModeExec}, args...)...)
}
