package memstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// InvoiceRepository stores invoice requests; it implements
// ports.InvoiceRepository. Add, Save, Get, ListForMember and OpenAdvances join
// the transaction in ctx; List and Count read the committed state — as
// bunstore's do.
type InvoiceRepository struct{ s *Store }

var _ ports.InvoiceRepository = (*InvoiceRepository)(nil)

// Invoices returns the invoice requests.
func (s *Store) Invoices() *InvoiceRepository { return &InvoiceRepository{s: s} }

// storedInvoice is the request as bunstore reads it back.
func storedInvoice(s invoice.Snapshot) invoice.Snapshot {
	s.Created, s.Updated = storedTime(s.Created), storedTime(s.Updated)
	s.Issued.At, s.Issued.Date = storedTime(s.Issued.At), storedDay(s.Issued.Date)
	a := &s.Advance
	a.ExpectedOn, a.SettledAt, a.WrittenOffAt = storedDay(a.ExpectedOn), storedTime(a.SettledAt),
		storedTime(a.WrittenOffAt)
	return s
}

// Add stores a new request; a second live request of a payment is a Conflict.
func (r *InvoiceRepository) Add(ctx context.Context, req *invoice.Request) error {
	s := storedInvoice(req.Snapshot())
	return r.s.write(ctx, true, "InvoiceRepository.Add", func(d *data) error {
		if d.invoices.has(s.ID) {
			return errConstraint("invoices.id %q exists", s.ID)
		}
		if s.PaymentID != "" && s.State.Live() && d.invoicePayments.has(s.PaymentID) {
			return invoice.AlreadyAskedError()
		}
		s.Version = 1
		putInvoice(d, s)
		return nil
	})
}

// putInvoice stores a row and keeps the live-per-payment index.
func putInvoice(d *data, s invoice.Snapshot) {
	if old, ok := d.invoices.get(s.ID); ok && old.PaymentID != "" && old.State.Live() {
		d.invoicePayments.del(old.PaymentID)
	}
	if s.PaymentID != "" && s.State.Live() {
		d.invoicePayments.put(s.PaymentID, s.ID)
	}
	d.invoices.put(s.ID, s)
}

// Save stores a changed request if it is still at the version it was loaded at.
func (r *InvoiceRepository) Save(ctx context.Context, req *invoice.Request) error {
	s := storedInvoice(req.Snapshot())
	return r.s.write(ctx, true, "InvoiceRepository.Save", func(d *data) error {
		old, ok := d.invoices.get(s.ID)
		if !ok {
			return invoice.NotFoundError()
		}
		if old.Version != s.Version {
			return invoice.ChangedError()
		}
		if s.PaymentID != "" && s.State.Live() {
			if other, taken := d.invoicePayments.get(s.PaymentID); taken && other != s.ID {
				return invoice.AlreadyAskedError()
			}
		}
		s.Version++
		putInvoice(d, s)
		return nil
	})
}

// Get loads a request.
func (r *InvoiceRepository) Get(ctx context.Context, id string) (*invoice.Request, error) {
	var s invoice.Snapshot
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if s, ok = d.invoices.get(id); !ok {
			return invoice.NotFoundError()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return invoice.Restore(s), nil
}

// ListForMember returns a member's requests, newest first.
func (r *InvoiceRepository) ListForMember(ctx context.Context, memberID string) ([]*invoice.Request, error) {
	return r.selectRows(ctx, true, func(s invoice.Snapshot) bool { return s.MemberID == memberID }, newestFirst)
}

// OpenAdvances returns a member's open advances, oldest first.
func (r *InvoiceRepository) OpenAdvances(ctx context.Context, memberID string) ([]*invoice.Request, error) {
	return r.selectRows(ctx, true, func(s invoice.Snapshot) bool {
		return s.MemberID == memberID && invoice.Restore(s).AdvanceState() == invoice.AdvanceOpen
	}, func(a, b invoice.Snapshot) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) })
}

func newestFirst(a, b invoice.Snapshot) int {
	return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(b.ID, a.ID))
}

// selectRows returns the matching requests in order.
func (r *InvoiceRepository) selectRows(ctx context.Context, joins bool, match func(invoice.Snapshot) bool,
	order func(a, b invoice.Snapshot) int) ([]*invoice.Request, error) {
	var rows []invoice.Snapshot
	err := r.s.read(ctx, joins, func(d *data) error {
		for _, s := range d.invoices.all() {
			if match(s) {
				rows = append(rows, s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, order)
	out := make([]*invoice.Request, len(rows))
	for i, s := range rows {
		out[i] = invoice.Restore(s)
	}
	return out, nil
}

// List returns one page of finance's queue and how many match.
func (r *InvoiceRepository) List(ctx context.Context, f ports.InvoiceFilter) ([]*invoice.Request, int, error) {
	overdue := storedDay(f.Overdue)
	all, err := r.selectRows(ctx, false, func(s invoice.Snapshot) bool {
		req := invoice.Restore(s)
		switch {
		case f.State != "" && s.State != f.State,
			f.Advance != "" && req.AdvanceState() != f.Advance,
			f.MemberID != "" && s.MemberID != f.MemberID,
			!overdue.IsZero() && !s.Advance.ExpectedOn.Before(overdue):
			return false
		}
		return true
	}, queueOrder(f))
	if err != nil {
		return nil, 0, err
	}
	return page(all, f.Limit, f.Offset), len(all), nil
}

// queueOrder is the order of the queue: pending oldest first, advances by
// their expected day, the others most recently changed first.
func queueOrder(f ports.InvoiceFilter) func(a, b invoice.Snapshot) int {
	switch {
	case f.State == invoice.StatePending:
		return func(a, b invoice.Snapshot) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) }
	case f.Advance == invoice.AdvanceOpen:
		return func(a, b invoice.Snapshot) int {
			return cmp.Or(a.Advance.ExpectedOn.Compare(b.Advance.ExpectedOn), cmp.Compare(a.ID, b.ID))
		}
	}
	return func(a, b invoice.Snapshot) int { return cmp.Or(b.Updated.Compare(a.Updated), cmp.Compare(b.ID, a.ID)) }
}

// Count returns the sizes of the queue's tabs.
func (r *InvoiceRepository) Count(ctx context.Context, today time.Time) (ports.InvoiceCounts, error) {
	var c ports.InvoiceCounts
	day := storedDay(today)
	err := r.s.read(ctx, false, func(d *data) error {
		for _, s := range d.invoices.all() {
			switch s.State {
			case invoice.StatePending:
				c.Pending++
			case invoice.StateIssued:
				c.Issued++
			case invoice.StateReturned:
				c.Returned++
			}
			if invoice.Restore(s).AdvanceState() == invoice.AdvanceOpen {
				c.AdvanceOpen++
				if s.Advance.ExpectedOn.Before(day) {
					c.AdvanceOverdue++
				}
			}
		}
		return nil
	})
	return c, err
}
