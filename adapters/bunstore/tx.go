package bunstore

import (
	"context"

	"github.com/uptrace/bun"
)

type txKey struct{}

// withTx returns a context carrying the transaction of a repository update, so
// that stores called from inside the update (Sequences.Next) join it.
func withTx(ctx context.Context, tx bun.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// conn returns the transaction in ctx, or the database when there is none.
func (db *DB) conn(ctx context.Context) bun.IDB {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx
	}
	return db.bun
}
