package bunstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
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

// Transactor runs functions in one transaction that the repositories called
// with its context join; it implements ports.Transactor.
type Transactor struct{ db *DB }

var _ ports.Transactor = (*Transactor)(nil)

// NewTransactor returns a transactor.
func NewTransactor(db *DB) *Transactor { return &Transactor{db: db} }

// InTx runs fn in a transaction (joining the one in ctx, if any); an error of
// fn rolls everything back and is returned unchanged.
func (t *Transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return fn(ctx)
	}
	return t.db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(withTx(ctx, tx))
	})
}
