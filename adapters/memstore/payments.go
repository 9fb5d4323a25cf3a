package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// PaymentRepository stores payments; it implements ports.PaymentRepository.
// Add, Save and the lookups join the transaction in ctx (a
// MemberRepository.Update's, so that the payment commits with its member);
// List and Count read the committed state, as bunstore's do.
type PaymentRepository struct{ s *Store }

var _ ports.PaymentRepository = (*PaymentRepository)(nil)

// storedPayment is the payment as bunstore reads it back.
func storedPayment(p *payment.Payment) payment.Snapshot {
	row := p.Snapshot()
	row.PaidOn = storedDay(row.PaidOn)
	row.Handled, row.Created, row.Updated = storedTime(row.Handled), storedTime(row.Created), storedTime(row.Updated)
	row.RefundedOn, row.RefundAt = storedDay(row.RefundedOn), storedTime(row.RefundAt)
	return row
}

// restorePayment returns a fresh payment rebuilt from its stored form.
func restorePayment(row payment.Snapshot) *payment.Payment { return payment.Restore(row) }

// paymentUniques are the unique values of a payment (the old row's, when
// exists), in the order the database checks them.
func paymentUniques(d *data, old payment.Snapshot, exists bool, p payment.Snapshot) []unique {
	bankRef := func(p payment.Snapshot) string {
		if p.Status == payment.StatusConfirmed || p.Status == payment.StatusDuplicate || p.Status == payment.StatusPartial {
			return p.BankRef
		}
		return ""
	}
	openClaim := func(p payment.Snapshot) string {
		if p.Status == payment.StatusOpen && (p.Method == payment.MethodTransfer || p.Method == payment.MethodVoucher) {
			return p.MemberID
		}
		return ""
	}
	if !exists {
		old = payment.Snapshot{}
	}
	return []unique{
		{&d.paymentOrderNos, old.OutTradeNo, p.OutTradeNo, errOutTradeNo},
		{&d.paymentBankRefs, bankRef(old), bankRef(p), errBankRef},
		{&d.paymentTradeNos, old.TradeNo, p.TradeNo, errTradeNo},
		{&d.openClaims, openClaim(old), openClaim(p), errOpenClaim},
	}
}

// putPayment stores a payment after checking its unique values and its member,
// in the database's order.
func putPayment(d *data, p payment.Snapshot, adding bool) error {
	old, exists := d.payments.get(p.ID)
	switch {
	case adding && exists:
		return errConstraint("payments.id %q exists", p.ID)
	case !adding && !exists:
		return errPaymentNotFound()
	}
	us := paymentUniques(d, old, exists, p)
	if err := checkUnique(p.ID, us); err != nil {
		return err
	}
	if !d.members.has(p.MemberID) {
		return errConstraint("payment of a missing member %q", p.MemberID)
	}
	applyUnique(p.ID, us)
	d.payments.put(p.ID, p)
	return nil
}

// Add stores a new payment. A used out_trade_no, a confirmed bank reference or
// trade number already used, or a second open claim of the member is an apperr
// Conflict.
func (r *PaymentRepository) Add(ctx context.Context, p *payment.Payment) error {
	row := storedPayment(p)
	return r.s.write(ctx, true, "PaymentRepository.Add", func(d *data) error { return putPayment(d, row, true) })
}

// Save stores a changed payment; a missing one is an apperr NotFound.
func (r *PaymentRepository) Save(ctx context.Context, p *payment.Payment) error {
	row := storedPayment(p)
	return r.s.write(ctx, true, "PaymentRepository.Save", func(d *data) error { return putPayment(d, row, false) })
}

// Get loads a payment.
func (r *PaymentRepository) Get(ctx context.Context, id string) (*payment.Payment, error) {
	return r.getBy(ctx, func(*data) (string, bool) { return id, true })
}

// GetByOutTradeNo loads an online order.
func (r *PaymentRepository) GetByOutTradeNo(ctx context.Context, outTradeNo string) (*payment.Payment, error) {
	return r.getBy(ctx, func(d *data) (string, bool) {
		id, ok := d.paymentOrderNos.get(outTradeNo)
		return id, ok && outTradeNo != ""
	})
}

func (r *PaymentRepository) getBy(ctx context.Context, find func(d *data) (string, bool)) (*payment.Payment, error) {
	var out *payment.Payment
	err := r.s.read(ctx, true, func(d *data) error {
		id, ok := find(d)
		row, found := d.payments.get(id)
		if !ok || !found {
			return errPaymentNotFound()
		}
		out = restorePayment(row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListForMember returns a member's payments, newest first (created, then id),
// at most limit when it is positive.
func (r *PaymentRepository) ListForMember(ctx context.Context, memberID string, limit int) ([]*payment.Payment, error) {
	var rows []payment.Snapshot
	err := r.s.read(ctx, true, func(d *data) error {
		for _, p := range d.payments.all() {
			if p.MemberID == memberID {
				rows = append(rows, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b payment.Snapshot) int {
		return cmp.Or(b.Created.Compare(a.Created), strings.Compare(b.ID, a.ID))
	})
	rows = page(rows, limit, 0)
	out := make([]*payment.Payment, len(rows))
	for i, row := range rows {
		out[i] = restorePayment(row)
	}
	return out, nil
}

// List returns one page of payments with their members, and the number of all
// matches: open payments oldest first when f lists only the open status, else
// the latest handled (or created) first.
func (r *PaymentRepository) List(ctx context.Context, f ports.PaymentFilter) ([]ports.PaymentWithMember, int, error) {
	var (
		out   []ports.PaymentWithMember
		total int
	)
	err := r.s.read(ctx, false, func(d *data) error {
		var rows []payment.Snapshot
		for _, p := range d.payments.all() {
			if paymentMatches(f, p) {
				rows = append(rows, p)
			}
		}
		slices.SortFunc(rows, paymentOrder(f))
		total = len(rows)
		if f.After != "" { // keyset paging (no total)
			total, rows = 0, after(rows, f.After, func(p payment.Snapshot) string { return p.ID })
			rows = page(rows, f.Limit, 0)
		} else {
			rows = page(rows, f.Limit, f.Offset)
		}
		out = make([]ports.PaymentWithMember, len(rows))
		for i, p := range rows {
			out[i] = ports.PaymentWithMember{Payment: restorePayment(p)}
			if m, ok := d.members.get(p.MemberID); ok {
				out[i].Member = m.member()
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// paymentOrder is the order of the finance queue's lists.
func paymentOrder(f ports.PaymentFilter) func(a, b payment.Snapshot) int {
	if len(f.Statuses) == 1 && f.Statuses[0] == payment.StatusOpen {
		return func(a, b payment.Snapshot) int {
			return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
		}
	}
	handled := func(p payment.Snapshot) payment.Snapshot {
		if p.Handled.IsZero() {
			p.Handled = p.Created
		}
		return p
	}
	return func(a, b payment.Snapshot) int {
		a, b = handled(a), handled(b)
		return cmp.Or(b.Handled.Compare(a.Handled), strings.Compare(b.ID, a.ID))
	}
}

// Count returns the sizes of the finance queue's tabs (open counts the payments
// awaiting finance only).
func (r *PaymentRepository) Count(ctx context.Context) (ports.PaymentCounts, error) {
	var c ports.PaymentCounts
	err := r.s.read(ctx, false, func(d *data) error {
		for _, p := range d.payments.all() {
			switch p.Status {
			case payment.StatusOpen:
				if payment.Restore(p).AwaitsFinance() {
					c.Open++
				}
			case payment.StatusConfirmed:
				c.Confirmed++
			case payment.StatusRejected:
				c.Rejected++
			case payment.StatusDuplicate:
				c.Duplicate++
			case payment.StatusPartial:
				if p.CompletedBy == "" {
					c.Partial++
				}
			}
			switch p.RefundState {
			case payment.RefundDue:
				c.RefundDue++
			case payment.RefundRefunded:
				c.Refunded++
			}
		}
		return nil
	})
	return c, err
}
