package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
)

// ReturnInvoice is finance's return (退回) of a pending request with a reason.
type ReturnInvoice struct {
	Principal access.Principal
	RequestID string
	Reason    string
}

// ReturnInvoiceHandler returns requests.
type ReturnInvoiceHandler struct{ p InvoicePorts }

// NewReturnInvoiceHandler builds the handler.
func NewReturnInvoiceHandler(p InvoicePorts) *ReturnInvoiceHandler {
	return &ReturnInvoiceHandler{p: p}
}

// Handle returns the request and records the audit entry in one transaction,
// then notifies the member. A request handled meanwhile is a Conflict.
func (h *ReturnInvoiceHandler) Handle(ctx context.Context, cmd ReturnInvoice) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.IssueInvoice, ""); err != nil {
		return err
	}
	var done *invoice.Request
	err := h.p.staffChange(ctx, pr, cmd.RequestID, func(_ context.Context, r *invoice.Request) (audit.Entry, error) {
		if err := r.Return(cmd.Reason, pr.ID, h.p.now()); err != nil {
			return audit.Entry{}, err
		}
		done = r
		return audit.Entry{Action: audit.InvoiceReturn, Reason: r.Reason(),
			Summary: fmt.Sprintf("退回开票申请，抬头「%s」", r.Details().Title)}, nil
	})
	if err != nil {
		return err
	}
	subject, _, err := h.p.subjectOf(ctx, done)
	if err != nil {
		return err
	}
	return h.p.notify(ctx, done, "invoice.returned:"+done.ID(), invoice.ReturnedText(subject, done.Reason()))
}
