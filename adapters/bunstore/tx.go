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

// conn returns the transaction in ctx, or the connection pinned in it
// (withConn), or the database when there is neither.
func (db *DB) conn(ctx context.Context) bun.IDB {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx
	}
	if c, ok := ctx.Value(connKey{}).(bun.Conn); ok {
		return c
	}
	return db.bun
}

type connKey struct{}

// withConn returns a context whose reads (conn) run on the connection c.
func withConn(ctx context.Context, c bun.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// scoped reports whether ctx carries a transaction or a pinned connection.
func scoped(ctx context.Context) bool {
	_, tx := ctx.Value(txKey{}).(bun.Tx)
	_, c := ctx.Value(connKey{}).(bun.Conn)
	return tx || c
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
	return t.db.runInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return fn(withTx(ctx, tx))
	})
}

// AfterCommit registers fn to run after each transaction that may have written
// events commits: a member added or updated by a MemberRepository outside a
// Transactor, and a Transactor.InTx. The module wakes the outbox relay with it,
// so that events leave at once instead of at the relay's next poll. Register the
// hooks before the stores are used; fn must not block.
func (db *DB) AfterCommit(fn func()) { db.afterCommit = append(db.afterCommit, fn) }

// runInTx runs fn in a new transaction and, once it committed, the AfterCommit
// hooks. An error of fn (or of the commit) is returned unchanged. The changes
// of the registry's counts fn makes are applied just before the commit.
func (db *DB) runInTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	err := db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ctx, counts := withDeltas(ctx)
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return counts.apply(ctx, tx)
	})
	if err != nil {
		return err
	}
	for _, hook := range db.afterCommit {
		hook()
	}
	return nil
}

// joinTx runs fn in the transaction in ctx, or in a new one (without the
// AfterCommit hooks: for stores that write no events).
func (db *DB) joinTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return fn(ctx, tx)
	}
	return db.bun.RunInTx(ctx, nil, fn)
}
