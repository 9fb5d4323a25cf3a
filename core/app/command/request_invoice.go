package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
)

// RequestInvoice is a member's 申请发票 for one of its confirmed payments.
type RequestInvoice struct {
	Principal access.Principal
	PaymentID string
	Details   invoice.Details
}

// RequestInvoiceHandler files invoice requests.
type RequestInvoiceHandler struct{ p InvoicePorts }

// NewRequestInvoiceHandler builds the handler.
func NewRequestInvoiceHandler(p InvoicePorts) *RequestInvoiceHandler {
	return &RequestInvoiceHandler{p: p}
}

// Handle files the request and returns its id: the payment must be the
// member's and confirmed, and have no live request yet (a Conflict on
// payment_id); the details are checked field by field (the tax ID is
// required of organisations). Nothing is stored from a refused request.
func (h *RequestInvoiceHandler) Handle(ctx context.Context, cmd RequestInvoice) (string, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInvoice, pr.ID); err != nil {
		return "", err
	}
	m, err := h.p.Members.Get(ctx, pr.ID)
	if err != nil {
		return "", err
	}
	pay, err := h.p.Payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if err != nil || pay.MemberID() != m.ID() {
		return "", invoice.PaymentNotFoundError() // another member's payment does not exist for this one
	}
	r, err := invoice.NewRequest(m.ID(), m.Name(), pay, cmd.Details, m.Kind() != member.Individual, h.p.now())
	if err != nil {
		return "", err
	}
	if err := h.p.Invoices.Add(ctx, r); err != nil {
		return "", err
	}
	return r.ID(), nil
}
