package memstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrTxDone is returned by an operation that joins a transaction which has
// already committed or rolled back (a context kept beyond the end of its
// transaction), as database/sql returns sql.ErrTxDone.
var ErrTxDone = errors.New("memstore: the transaction has already been committed or rolled back")

// ErrNotJoined is returned by a write that does not join the transaction in its
// context (bunstore runs it on a connection of its own, where it would wait for
// that very transaction's write lock): call it outside the transaction.
var ErrNotJoined = errors.New("memstore: this write does not join the transaction in its context")

type txKey struct{}

// tx is one open transaction: its view of the tables and the events recorded in
// it. Operations joining it take mu one at a time; the caller's closures run
// without it, so that they can call other stores with the transaction's context.
type tx struct {
	store  *Store
	mu     sync.Mutex
	data   *data
	events []RecordedEvent
	done   bool
}

// txIn returns the transaction of this store that ctx carries, or nil.
func (s *Store) txIn(ctx context.Context) *tx {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.store == s {
		return t
	}
	return nil
}

// with runs one operation on the transaction's tables.
func (t *tx) with(ctx context.Context, fn func(d *data) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return ErrTxDone
	}
	return fn(t.data)
}

// inTx runs fn in the transaction ctx carries, or else in a new one that
// commits when fn returns nil and rolls back otherwise. fn's error is returned
// unchanged.
func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context, t *tx) error) error {
	if t := s.txIn(ctx); t != nil {
		return fn(ctx, t)
	}
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	t := &tx{store: s, data: s.committed.fork()}
	defer func() {
		t.mu.Lock()
		t.done = true
		t.mu.Unlock()
	}()
	if err := fn(context.WithValue(ctx, txKey{}, t), t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: commit: %w", err)
	}
	s.commit(t)
	return nil
}

// lock takes the write lock, waiting as long as ctx allows.
func (s *Store) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %w", err)
	}
	select {
	case s.writer <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("memstore: waiting for the write lock: %w", ctx.Err())
	}
}

func (s *Store) unlock() { <-s.writer }

// commit makes a transaction's writes and events visible to everyone.
func (s *Store) commit(t *tx) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at := storedTime(s.clock.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	t.data.commit()
	for _, e := range t.events {
		e.Seq = int64(len(s.events)) + 1
		e.RecordedAt = at
		s.events = append(s.events, e)
	}
}

// read runs a read-only operation: on the transaction in ctx when the
// operation joins transactions (in bunstore it runs on the transaction's
// connection), else on the committed state.
func (s *Store) read(ctx context.Context, joins bool, fn func(d *data) error) error {
	if joins {
		if t := s.txIn(ctx); t != nil {
			return t.with(ctx, fn)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(s.committed)
}

// write runs a writing operation: in the transaction in ctx when the operation
// joins transactions, else in a transaction of its own. A non-joining write
// with a transaction in ctx is ErrNotJoined (what is the operation in the
// message).
func (s *Store) write(ctx context.Context, joins bool, what string, fn func(d *data) error) error {
	if s.txIn(ctx) != nil && !joins {
		return notJoined(what)
	}
	return s.inTx(ctx, func(ctx context.Context, t *tx) error { return t.with(ctx, fn) })
}

// notJoined is ErrNotJoined for an operation.
func notJoined(what string) error { return fmt.Errorf("%w: %s", ErrNotJoined, what) }
