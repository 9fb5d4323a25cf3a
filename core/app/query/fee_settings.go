package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// FeeSettings asks for the fee schedule and payee in force.
type FeeSettings struct {
	Principal access.Principal
}

// FeeSettingsView is the settings in force.
type FeeSettingsView struct {
	Fees      payment.Fees
	Payee     payment.Payee
	Remark    string
	UpdatedAt time.Time // zero: the configuration's values
	UpdatedBy string
	// Writable is true when the principal may change them (admin) and a settings
	// store is configured.
	Writable bool
}

// FeeSettingsHandler reads the settings.
type FeeSettingsHandler struct {
	settings *feesettings.Source
	authz    ports.Authorizer
}

// NewFeeSettingsHandler builds the handler.
func NewFeeSettingsHandler(settings *feesettings.Source, authz ports.Authorizer) *FeeSettingsHandler {
	return &FeeSettingsHandler{settings: settings, authz: authz}
}

// Handle returns the settings for staff who may change them (staff:manage) or
// read payments (payment:read).
func (h *FeeSettingsHandler) Handle(ctx context.Context, q FeeSettings) (FeeSettingsView, error) {
	p := q.Principal
	manage, err := access.Can(h.authz, p, access.ManageSettings, "")
	if err != nil {
		return FeeSettingsView{}, err
	}
	if !manage {
		if err := access.Authorize(h.authz, p, access.ListPayments, ""); err != nil {
			return FeeSettingsView{}, err
		}
	}
	st, err := h.settings.Current(ctx)
	if err != nil {
		return FeeSettingsView{}, apperr.Internal(err)
	}
	return FeeSettingsView{Fees: st.Fees, Payee: st.Payee, Remark: payment.Remark, UpdatedAt: st.UpdatedAt,
		UpdatedBy: st.UpdatedBy, Writable: manage && h.settings.Writable()}, nil
}
