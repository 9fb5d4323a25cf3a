package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// UpdateFeeSettings is the admin's change of the fee schedule and the payee.
type UpdateFeeSettings struct {
	Principal access.Principal
	Fees      payment.Fees
	Payee     payment.Payee
}

// UpdateFeeSettingsHandler stores the admin's override of the configuration.
type UpdateFeeSettingsHandler struct {
	settings *feesettings.Source
	authz    ports.Authorizer
	clock    ports.Clock
	loc      *time.Location
}

// NewUpdateFeeSettingsHandler builds the handler; loc is the association's time
// zone.
func NewUpdateFeeSettingsHandler(settings *feesettings.Source, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *UpdateFeeSettingsHandler {
	return &UpdateFeeSettingsHandler{settings: settings, authz: authz, clock: clock, loc: orUTC(loc)}
}

// Handle validates and stores the settings (admin only: the staff:manage
// permission). They apply to claims and orders opened afterwards; open ones keep
// the amount they were opened for.
func (h *UpdateFeeSettingsHandler) Handle(ctx context.Context, cmd UpdateFeeSettings) error {
	p := cmd.Principal
	if err := access.Authorize(h.authz, p, access.ManageSettings, ""); err != nil {
		return err
	}
	payee := cmd.Payee
	payee.Normalize()
	var v apperr.Validation
	for _, e := range []error{cmd.Fees.Validate(), payee.Validate()} {
		if e != nil {
			for _, f := range apperr.As(e).Fields {
				v.Add(f.Field, f.Code, f.Message)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !h.settings.Writable() {
		return apperr.Conflict("settings_readonly", "会费设置由系统配置决定，不能在线修改")
	}
	return h.settings.Store(ctx, feesettings.Settings{Fees: cmd.Fees, Payee: payee, UpdatedAt: h.clock.Now().In(h.loc),
		UpdatedBy: p.ID})
}
