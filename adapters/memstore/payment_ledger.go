package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// paymentMatches reports whether payment p passes f's conditions (not its
// order or page), as bunstore's WHERE does.
func paymentMatches(f ports.PaymentFilter, p payment.Snapshot) bool {
	within := func(t, from, before time.Time) bool {
		return (from.IsZero() || !t.Before(storedTime(from))) && (before.IsZero() || t.Before(storedTime(before)))
	}
	handledIn := f.HandledFrom.IsZero() && f.HandledBefore.IsZero() ||
		!p.Handled.IsZero() && within(p.Handled, f.HandledFrom, f.HandledBefore)
	return (len(f.Statuses) == 0 || slices.Contains(f.Statuses, p.Status)) &&
		(len(f.Methods) == 0 || slices.Contains(f.Methods, p.Method)) &&
		(len(f.Refunds) == 0 || slices.Contains(f.Refunds, p.RefundState)) &&
		(!f.AwaitingFinance || payment.Restore(p).AwaitsFinance()) &&
		(!f.Owing || payment.Restore(p).Owing()) &&
		(f.MemberID == "" || p.MemberID == f.MemberID) &&
		within(p.Created, f.CreatedFrom, f.CreatedBefore) && handledIn
}

// Ledger streams the payments f selects, oldest handled first, with their
// members and issued invoices' numbers (read from one committed state).
func (r *PaymentRepository) Ledger(ctx context.Context, f ports.PaymentFilter, each func(ports.LedgerEntry) error) error {
	var out []ports.LedgerEntry
	err := r.s.read(ctx, false, func(d *data) error {
		var rows []payment.Snapshot
		for _, p := range d.payments.all() {
			if paymentMatches(f, p) {
				rows = append(rows, p)
			}
		}
		slices.SortFunc(rows, func(a, b payment.Snapshot) int {
			at, bt := cmp.Or(a.Handled, a.Created), cmp.Or(b.Handled, b.Created)
			return cmp.Or(at.Compare(bt), strings.Compare(a.ID, b.ID))
		})
		issued := map[string]invoice.Snapshot{}
		for _, inv := range d.invoices.all() {
			if inv.PaymentID != "" && inv.State == invoice.StateIssued &&
				(issued[inv.PaymentID].ID == "" || inv.Created.After(issued[inv.PaymentID].Created)) {
				issued[inv.PaymentID] = inv
			}
		}
		for _, p := range rows {
			e := ports.LedgerEntry{Payment: restorePayment(p), InvoiceNumber: issued[p.ID].Issued.Number}
			if m, ok := d.members.get(p.MemberID); ok {
				mm := m.member()
				e.MemberNumber, e.MemberName = mm.Number(), mm.Name()
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range out {
		if err := each(e); err != nil {
			return err
		}
	}
	return nil
}
