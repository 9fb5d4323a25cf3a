package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
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
	tx       ports.Transactor
	audit    *Auditor
}

// NewUpdateFeeSettingsHandler builds the handler; loc is the association's time
// zone. Each change is recorded through audit (every changed field before →
// after) in a transaction of tx with the settings.
func NewUpdateFeeSettingsHandler(settings *feesettings.Source, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location, tx ports.Transactor, audit *Auditor) *UpdateFeeSettingsHandler {
	return &UpdateFeeSettingsHandler{settings: settings, authz: authz, clock: clock, loc: orUTC(loc), tx: tx,
		audit: audit}
}

// Handle validates and stores the settings (admin only: the staff:manage
// permission). They apply to claims and orders opened afterwards; open ones keep
// the amount they were opened for. The audit log's entry lists every changed
// field before → after.
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
	next := feesettings.Settings{Fees: cmd.Fees, Payee: payee, UpdatedAt: h.clock.Now().In(h.loc), UpdatedBy: p.ID}
	return inTx(ctx, h.tx, func(ctx context.Context) error {
		before, err := h.settings.Current(ctx)
		if err != nil {
			return apperr.Internal(err)
		}
		if err := h.settings.Store(ctx, next); err != nil {
			return apperr.Internal(err)
		}
		changes := audit.Diff(feeFields(), feeValues(before), feeValues(next))
		summary := "修改会费设置：" + changedLabels(changes)
		if len(changes) == 0 {
			summary = "保存会费设置，未修改任何项"
		}
		return h.audit.Record(ctx, p, audit.Entry{Action: audit.FeeSettingsUpdate, Subject: "settings:fees",
			Summary: summary, Changes: changes})
	})
}

// feeFields are the fee settings' fields with their labels, in the form's order.
func feeFields() [][2]string {
	return [][2]string{{"fees_ordinary", "普通单位会员年费"}, {"fees_council", "理事及以上单位会员年费"},
		{"fees_individual", "个人会员年费"}, {"payee_name", "收款单位"}, {"payee_account", "银行帐号"},
		{"payee_bank", "开户行"}}
}

// feeValues are the settings' values as the audit log shows them.
func feeValues(s feesettings.Settings) map[string]string {
	return map[string]string{"fees_ordinary": payment.Yuan(s.Fees.Ordinary),
		"fees_council": payment.Yuan(s.Fees.Council), "fees_individual": payment.Yuan(s.Fees.Individual),
		"payee_name": s.Payee.Name, "payee_account": s.Payee.Account, "payee_bank": s.Payee.Bank}
}

// changedLabels lists the changes' labels: 「个人会员年费、开户行」.
func changedLabels(changes []audit.Change) string {
	labels := make([]string, len(changes))
	for i, c := range changes {
		labels[i] = c.Label
	}
	return strings.Join(labels, "、")
}
