package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
)

// WithdrawInvoice is a member's withdrawal (撤回) of its pending request.
type WithdrawInvoice struct {
	Principal access.Principal
	RequestID string
}

// WithdrawInvoiceHandler withdraws requests.
type WithdrawInvoiceHandler struct{ p InvoicePorts }

// NewWithdrawInvoiceHandler builds the handler.
func NewWithdrawInvoiceHandler(p InvoicePorts) *WithdrawInvoiceHandler {
	return &WithdrawInvoiceHandler{p: p}
}

// Handle withdraws the member's own pending request; another member's is
// NotFound, one finance acted on (or acts on meanwhile) a Conflict.
func (h *WithdrawInvoiceHandler) Handle(ctx context.Context, cmd WithdrawInvoice) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInvoice, pr.ID); err != nil {
		return err
	}
	r, err := h.p.Invoices.Get(ctx, strings.TrimSpace(cmd.RequestID))
	if err != nil {
		return err
	}
	if r.MemberID() != pr.ID {
		return invoice.NotFoundError()
	}
	if err := r.Withdraw(pr.ID, h.p.now()); err != nil {
		return err
	}
	if err := h.p.Invoices.Save(ctx, r); err != nil {
		if apperr.IsKind(err, apperr.KindConflict) {
			return apperr.Conflict(invoice.ErrHandled, "财务刚刚处理了该申请，不能撤回，请刷新后查看")
		}
		return err
	}
	return nil
}
