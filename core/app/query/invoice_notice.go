package query

import (
	"context"
	"encoding/json"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// invoiceNoticeKey is the settings key of the 申请发票 notice (the same as
// command.InvoiceNoticeKey).
const invoiceNoticeKey = "invoice_notice"

// loadNotice returns the stored notice, or the manual's when none is stored.
func loadNotice(ctx context.Context, settings ports.Settings, assoc string) (invoice.Notice, error) {
	if settings == nil {
		return invoice.DefaultNotice(assoc), nil
	}
	data, ok, err := settings.Get(ctx, invoiceNoticeKey)
	if err != nil {
		return invoice.Notice{}, apperr.Internal(err)
	}
	if !ok {
		return invoice.DefaultNotice(assoc), nil
	}
	var n invoice.Notice
	if err := json.Unmarshal(data, &n); err != nil {
		return invoice.Notice{}, apperr.Internal(err)
	}
	return n, nil
}

// InvoiceNotice asks for the 申请发票 notice to edit.
type InvoiceNotice struct{ Principal access.Principal }

// InvoiceNoticeHandler serves the notice to the admin.
type InvoiceNoticeHandler struct {
	settings ports.Settings
	authz    ports.Authorizer
	assoc    string
}

// NewInvoiceNoticeHandler builds the handler.
func NewInvoiceNoticeHandler(settings ports.Settings, authz ports.Authorizer, assoc string) *InvoiceNoticeHandler {
	return &InvoiceNoticeHandler{settings: settings, authz: authz, assoc: assoc}
}

// Handle returns the notice in force for staff who manage settings.
func (h *InvoiceNoticeHandler) Handle(ctx context.Context, q InvoiceNotice) (invoice.Notice, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ManageSettings, ""); err != nil {
		return invoice.Notice{}, err
	}
	return loadNotice(ctx, h.settings, h.assoc)
}
