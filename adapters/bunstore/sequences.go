package bunstore

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/ports"
)

// Sequences hands out counter values per scope in one atomic upsert; it implements
// ports.Sequences.
type Sequences struct{ db *DB }

var _ ports.Sequences = (*Sequences)(nil)

// NewSequences returns a sequence source.
func NewSequences(db *DB) *Sequences { return &Sequences{db: db} }

// Next returns the next value of a scope, starting at 1. Called with the context
// a MemberRepository.Update passes to its closure, it runs inside that
// transaction: the value is taken only if the update commits (no gaps), and
// concurrent updates take values one after the other (on PostgreSQL the sequence
// row stays locked until the commit; on SQLite the transaction holds the write
// lock).
func (s *Sequences) Next(ctx context.Context, scope string) (int64, error) {
	var v int64
	err := s.db.conn(ctx).NewRaw(`INSERT INTO sequences (scope, value) VALUES (?, 1)
ON CONFLICT (scope) DO UPDATE SET value = sequences.value + 1 RETURNING value`, scope).Scan(ctx, &v)
	if err != nil {
		return 0, fmt.Errorf("bunstore: next value of sequence %q: %w", scope, err)
	}
	return v, nil
}
