package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
)

// WriteOffAdvance is finance's write-off (核销) of an open advance invoice
// without payment, with a reason.
type WriteOffAdvance struct {
	Principal access.Principal
	RequestID string
	Reason    string
}

// WriteOffAdvanceHandler writes advances off.
type WriteOffAdvanceHandler struct{ p InvoicePorts }

// NewWriteOffAdvanceHandler builds the handler.
func NewWriteOffAdvanceHandler(p InvoicePorts) *WriteOffAdvanceHandler {
	return &WriteOffAdvanceHandler{p: p}
}

// Handle writes the advance off and records the audit entry in one
// transaction. One that is not open (settled, written off, not issued) is a
// Conflict and nothing changes.
func (h *WriteOffAdvanceHandler) Handle(ctx context.Context, cmd WriteOffAdvance) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.IssueInvoice, ""); err != nil {
		return err
	}
	return h.p.staffChange(ctx, pr, cmd.RequestID, func(_ context.Context, r *invoice.Request) (audit.Entry, error) {
		if err := r.WriteOff(cmd.Reason, pr.ID, h.p.now()); err != nil {
			return audit.Entry{}, err
		}
		return audit.Entry{Action: audit.AdvanceWriteOff, Reason: r.Advance().WriteOffReason,
			Summary: fmt.Sprintf("核销借发票 %s，%s，未回款", r.Issued().Number, payment.Yuan(r.AmountFen()))}, nil
	})
}

// SettleAdvanceHandler settles a member's open advance invoice when its fee
// arrives — however it arrives (a claim or voucher finance confirms, an
// Alipay payment, a bank statement line): it reacts to the payment's
// confirmation.
type SettleAdvanceHandler struct{ p InvoicePorts }

// NewSettleAdvanceHandler builds the handler.
func NewSettleAdvanceHandler(p InvoicePorts) *SettleAdvanceHandler {
	return &SettleAdvanceHandler{p: p}
}

// Handle settles the member's oldest open advance with payment paymentID, in
// a transaction. It does nothing when there is none, or when the payment
// settled one already (a redelivered event): settling twice changes nothing.
// It returns the settled request's id ("" for none).
func (h *SettleAdvanceHandler) Handle(ctx context.Context, memberID, paymentID string) (string, error) {
	var settled string
	err := h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		open, err := h.p.Invoices.OpenAdvances(ctx, memberID)
		if err != nil {
			return fmt.Errorf("settle advance: %w", err)
		}
		all, err := h.p.Invoices.ListForMember(ctx, memberID)
		if err != nil {
			return fmt.Errorf("settle advance: %w", err)
		}
		for _, r := range all {
			if r.IsAdvance() && r.Advance().SettledBy == paymentID {
				return nil // settled by this payment already
			}
		}
		if len(open) == 0 {
			return nil
		}
		r := open[0]
		if err := r.Settle(paymentID, h.p.now()); err != nil {
			return err
		}
		if err := h.p.Invoices.Save(ctx, r); err != nil {
			return err
		}
		settled = r.ID()
		return nil
	})
	if apperr.IsKind(err, apperr.KindConflict) {
		// The payment has its own invoice request already, or another
		// delivery settled the advance meanwhile: nothing to do.
		return "", nil
	}
	return settled, err
}
