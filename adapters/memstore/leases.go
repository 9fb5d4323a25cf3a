package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Leases keeps job leases; it implements ports.Leases.
type Leases struct{ s *Store }

var _ ports.Leases = (*Leases)(nil)

// Acquire takes the lease for holder until now+ttl when it is free, expired (at
// or before now) or already holder's, atomically, and reports whether holder
// has it.
func (l *Leases) Acquire(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	got := false
	err := l.s.write(ctx, false, "Leases.Acquire", func(d *data) error {
		cur, ok := d.leases.get(name)
		if ok && cur.expiresAt.After(storedTime(now)) && cur.holder != holder {
			return nil
		}
		d.leases.put(name, lease{holder: holder, expiresAt: storedTime(now.Add(ttl))})
		got = true
		return nil
	})
	return got, err
}

// Release gives the lease up if holder has it.
func (l *Leases) Release(ctx context.Context, name, holder string) error {
	return l.s.write(ctx, false, "Leases.Release", func(d *data) error {
		if cur, ok := d.leases.get(name); ok && cur.holder == holder {
			d.leases.del(name)
		}
		return nil
	})
}

// Settings keeps settings documents by key; it implements ports.Settings.
type Settings struct{ s *Store }

var _ ports.Settings = (*Settings)(nil)

// Get returns a copy of the value of key and whether it is set.
func (x *Settings) Get(ctx context.Context, key string) ([]byte, bool, error) {
	var (
		v  []byte
		ok bool
	)
	err := x.s.read(ctx, false, func(d *data) error {
		var st setting
		if st, ok = d.settings.get(key); ok {
			v = append([]byte{}, st.value...)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return v, ok, nil
}

// Put stores a copy of the value of key, joining the transaction in ctx (the
// change and its audit entry commit together).
func (x *Settings) Put(ctx context.Context, key string, value []byte, at time.Time) error {
	st := setting{value: slices.Clone(value), updatedAt: storedTime(at)}
	return x.s.write(ctx, true, "Settings.Put", func(d *data) error {
		d.settings.put(key, st)
		return nil
	})
}

// WorkQueueCounter counts the back office's queues; it implements
// ports.WorkQueueCounter. It joins the transaction in ctx, as bunstore's does.
type WorkQueueCounter struct{ s *Store }

var _ ports.WorkQueueCounter = (*WorkQueueCounter)(nil)

// CountWorkQueues counts every queue with the rules of the queues' own lists:
// submitted applications, payments awaiting finance, unmatched statement lines
// and members awaiting the secretariat.
func (c *WorkQueueCounter) CountWorkQueues(ctx context.Context) (ports.WorkQueueCounts, error) {
	var n ports.WorkQueueCounts
	err := c.s.read(ctx, true, func(d *data) error {
		for _, row := range d.members.all() {
			switch {
			case row.snap.Status == member.StatusSubmitted && row.hasApp:
				n.Review++
			case row.snap.Status == member.StatusAwaitingSecretariat:
				n.Secretariat++
			}
		}
		for _, p := range d.payments.all() {
			if payment.Restore(p).AwaitsFinance() {
				n.Payments++
			}
		}
		for _, l := range d.lines.all() {
			if l.Status == payment.LineUnmatched {
				n.StatementLines++
			}
		}
		return nil
	})
	return n, err
}
