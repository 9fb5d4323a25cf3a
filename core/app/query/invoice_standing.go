package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// currentPaymentID returns the confirmed payment of the current period: the
// newest confirmed one while the member has paid (ps newest first), else "".
func currentPaymentID(state payment.State, ps []*payment.Payment) string {
	if state != payment.StatePaid {
		return ""
	}
	for _, p := range ps {
		if p.Status() == payment.StatusConfirmed {
			return p.ID()
		}
	}
	return ""
}

// addInvoices sets the invoice's standing and the 缴费状态 line from the
// member's requests (nothing without an invoice repository).
func (v *FeePageView) addInvoices(ctx context.Context, repo ports.InvoiceRepository, m *member.Member,
	ps []*payment.Payment) error {
	if repo == nil {
		return nil
	}
	reqs, err := repo.ListForMember(ctx, m.ID())
	if err != nil {
		return apperr.Internal(err)
	}
	v.Invoices = invoice.StandingOf(reqs, currentPaymentID(v.State, ps))
	v.Invoices.PaidFen, v.Invoices.OwingFen = v.PaidFen, v.OwingFen
	switch {
	case v.Invoices.Invoice == invoice.StateIssued || v.Invoices.Advance == invoice.AdvanceOpen ||
		v.Invoices.Advance == invoice.AdvanceSettled:
		v.Invoice = payment.InvoiceIssued
	case v.Invoices.Invoice == invoice.StatePending || v.Invoices.Advance == invoice.AdvanceRequested:
		v.Invoice = payment.InvoiceRequested
	}
	v.StatusLine = invoice.StatusLine(m.Kind(), v.State, v.Invoices)
	v.CanRequestAdvance = v.Payable && v.State != payment.StatePaid &&
		v.Invoices.Advance != invoice.AdvanceOpen && v.Invoices.Advance != invoice.AdvanceRequested
	return nil
}
