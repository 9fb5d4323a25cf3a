package memstore

import (
	"context"

	"github.com/openassoc/membership/ports"
)

// Sequences hands out counter values per scope; it implements ports.Sequences.
type Sequences struct{ s *Store }

var _ ports.Sequences = (*Sequences)(nil)

// Next returns the next value of a scope, starting at 1. Called with the context
// of a MemberRepository.Update (or Transactor.InTx) it joins that transaction:
// the value is used up only if the transaction commits, and concurrent
// transactions take values one after the other.
func (x *Sequences) Next(ctx context.Context, scope string) (int64, error) {
	var v int64
	err := x.s.write(ctx, true, "Sequences.Next", func(d *data) error {
		v, _ = d.sequences.get(scope)
		v++
		d.sequences.put(scope, v)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return v, nil
}
