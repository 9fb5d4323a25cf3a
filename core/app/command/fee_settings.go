package command

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
)

// UpdateFeeSettings is the admin's change of the fee schedule and the payee.
type UpdateFeeSettings struct {
	Principal access.Principal
	Fees      payment.Fees
	Payee     payment.Payee
}

// UpdateFeeSettingsHandler stores the admin's override of the configuration.
type UpdateFeeSettingsHandler struct{ fees *FeeService }

// NewUpdateFeeSettingsHandler builds the handler.
func NewUpdateFeeSettingsHandler(s *FeeService) *UpdateFeeSettingsHandler {
	return &UpdateFeeSettingsHandler{fees: s}
}

// Handle validates and stores the settings (admin only: the staff:manage
// permission). They apply to claims and orders opened afterwards; open ones keep
// the amount they were opened for.
func (h *UpdateFeeSettingsHandler) Handle(ctx context.Context, cmd UpdateFeeSettings) error {
	return h.fees.updateSettings(ctx, cmd)
}
