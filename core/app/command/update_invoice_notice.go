package command

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// InvoiceNoticeKey is the settings key of the 申请发票 notice.
const InvoiceNoticeKey = "invoice_notice"

// UpdateInvoiceNotice is the admin's edit of the 申请发票 notice.
type UpdateInvoiceNotice struct {
	Principal access.Principal
	Notice    invoice.Notice
}

// UpdateInvoiceNoticeHandler stores the notice.
type UpdateInvoiceNoticeHandler struct {
	p        InvoicePorts
	settings ports.Settings
}

// NewUpdateInvoiceNoticeHandler builds the handler.
func NewUpdateInvoiceNoticeHandler(p InvoicePorts, settings ports.Settings) *UpdateInvoiceNoticeHandler {
	return &UpdateInvoiceNoticeHandler{p: p, settings: settings}
}

// Handle checks and stores the notice with its audit entry, in one
// transaction.
func (h *UpdateInvoiceNoticeHandler) Handle(ctx context.Context, cmd UpdateInvoiceNotice) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.ManageSettings, ""); err != nil {
		return err
	}
	n := cmd.Notice.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	if h.settings == nil {
		return apperr.Internal(fmt.Errorf("update invoice notice: no settings store"))
	}
	data, err := json.Marshal(n)
	if err != nil {
		return apperr.Internal(err)
	}
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := h.settings.Put(ctx, InvoiceNoticeKey, data, h.p.Clock.Now()); err != nil {
			return apperr.Internal(err)
		}
		return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.SiteSettingsUpdate, Subject: "settings:" +
			InvoiceNoticeKey, Summary: fmt.Sprintf("修改「申请发票」页说明：%s", n.Title)})
	})
}
