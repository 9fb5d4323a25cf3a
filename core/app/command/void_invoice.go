package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
)

// VoidInvoice is finance's 红冲 of an issued invoice with a reason; a new
// pending request re-issues it.
type VoidInvoice struct {
	Principal access.Principal
	RequestID string
	Reason    string
}

// VoidInvoiceHandler voids invoices.
type VoidInvoiceHandler struct{ p InvoicePorts }

// NewVoidInvoiceHandler builds the handler.
func NewVoidInvoiceHandler(p InvoicePorts) *VoidInvoiceHandler { return &VoidInvoiceHandler{p: p} }

// Handle voids the invoice and, in the same transaction, adds the pending
// request that re-issues it (both are kept) and the audit entry; then the
// member is notified. It returns the new request's id.
func (h *VoidInvoiceHandler) Handle(ctx context.Context, cmd VoidInvoice) (string, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.IssueInvoice, ""); err != nil {
		return "", err
	}
	var voided, next *invoice.Request
	err := h.p.staffChange(ctx, pr, cmd.RequestID, func(ctx context.Context, r *invoice.Request) (audit.Entry, error) {
		n, err := r.Void(cmd.Reason, pr.ID, h.p.now())
		if err != nil {
			return audit.Entry{}, err
		}
		// The voided one is saved first by staffChange; the unique index
		// allows one live request per payment, so the new one is added after.
		voided, next = r, n
		return audit.Entry{Action: audit.InvoiceVoid, Reason: r.Reason(),
			Summary: fmt.Sprintf("红冲发票 %s，重新开票申请 %s", r.Issued().Number, n.ID())}, nil
	}, func(ctx context.Context) error { return h.p.Invoices.Add(ctx, next) })
	if err != nil {
		return "", err
	}
	subject, _, err := h.p.subjectOf(ctx, voided)
	if err != nil {
		return "", err
	}
	return next.ID(), h.p.notify(ctx, voided, "invoice.voided:"+voided.ID(),
		invoice.VoidedText(subject, voided.Issued().Number, voided.Reason()))
}
