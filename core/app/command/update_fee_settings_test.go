package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) updateFeeSettings(s *feesettings.Source) *command.UpdateFeeSettingsHandler {
	return command.NewUpdateFeeSettingsHandler(s, e.policy, e.clock, cst(), e.store.Transactor(), e.auditor())
}

// The admin's schedule and payee are stored (the payee normalized) with when
// and by whom, and are the settings in force from then on.
func TestUpdateFeeSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	src := e.settings()
	admin := apptest.StaffOf(access.RoleAdmin)
	fees := payment.Fees{Ordinary: 600000, Council: 1200000, Individual: 50000}
	require.NoError(t, e.updateFeeSettings(src).Handle(e.ctx, command.UpdateFeeSettings{Principal: admin, Fees: fees,
		Payee: payment.Payee{Name: " 星河协会 ", Account: "0200 0028 0901", Bank: "工商银行"}}))

	st, err := src.Current(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, fees, st.Fees)
	assert.Equal(t, payment.Payee{Name: "星河协会", Account: "020000280901", Bank: "工商银行"}, st.Payee)
	assert.True(t, e.clock.Now().Equal(st.UpdatedAt))
	assert.Equal(t, admin.ID, st.UpdatedBy)

	entry := e.auditedOnce(audit.FeeSettingsUpdate, admin, "")
	assert.Equal(t, []audit.Change{
		{Field: "fees_ordinary", Label: "普通单位会员年费", Before: "¥5000", After: "¥6000"},
		{Field: "fees_council", Label: "理事及以上单位会员年费", Before: "¥10000", After: "¥12000"},
		{Field: "fees_individual", Label: "个人会员年费", Before: "¥480", After: "¥500"},
		{Field: "payee_name", Label: "收款单位", Before: payment.DefaultPayee.Name, After: "星河协会"},
		{Field: "payee_account", Label: "银行帐号", Before: payment.DefaultPayee.Account, After: "020000280901"},
		{Field: "payee_bank", Label: "开户行", Before: payment.DefaultPayee.Bank, After: "工商银行"},
	}, entry.Changes, "every changed field before → after")

	e.clock.Advance(time.Minute)
	fees.Individual = 60000
	require.NoError(t, e.updateFeeSettings(src).Handle(e.ctx, command.UpdateFeeSettings{Principal: admin, Fees: fees,
		Payee: st.Payee}))
	latest := e.audited(audit.FeeSettingsUpdate)[0]
	assert.Equal(t, "修改会费设置：个人会员年费", latest.Summary)
	assert.Equal(t, []audit.Change{{Field: "fees_individual", Label: "个人会员年费", Before: "¥500", After: "¥600"}},
		latest.Changes, "only what changed")
}

// The settings and their audit entry commit together: when the entry cannot be
// written, the settings are not stored either.
func TestUpdateFeeSettingsRollsBackWithItsAuditEntry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	src := e.settings()
	h := command.NewUpdateFeeSettingsHandler(src, e.policy, e.clock, cst(), e.store.Transactor(),
		command.NewAuditor(nil, e.clock))
	err := h.Handle(e.ctx, command.UpdateFeeSettings{Principal: apptest.StaffOf(access.RoleAdmin),
		Fees: payment.Fees{Ordinary: 600000, Council: 1200000, Individual: 50000}, Payee: payment.DefaultPayee})
	require.Error(t, err)
	st, err := src.Current(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, payment.DefaultFees, st.Fees, "nothing stored without its audit entry")
}

// Refusals: bad amounts and payee (every field named), settings the
// configuration fixes, a role other than the admin, a member, nobody. The
// settings in force stay the manual's.
func TestUpdateFeeSettingsRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	src := e.settings()
	good := command.UpdateFeeSettings{Fees: payment.DefaultFees, Payee: payment.DefaultPayee}
	update := func(s *feesettings.Source, p access.Principal, cmd command.UpdateFeeSettings) error {
		cmd.Principal = p
		return e.updateFeeSettings(s).Handle(e.ctx, cmd)
	}
	admin := apptest.StaffOf(access.RoleAdmin)

	err := update(src, admin, command.UpdateFeeSettings{Fees: payment.Fees{Ordinary: -1, Council: payment.MaxFeeFen + 1},
		Payee: payment.Payee{Account: "abc"}})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"fees_ordinary": "fee_invalid", "fees_council": "fee_too_large",
		"fees_individual": "fee_invalid", "payee_name": "required", "payee_account": "account_invalid",
		"payee_bank": "required"}, fieldCodes(err))

	fixed := feesettings.NewSource(nil, payment.Fees{}, payment.Payee{})
	wantErr(t, update(fixed, admin, good), apperr.KindConflict, "settings_readonly")

	err = update(src, apptest.StaffOf(access.RoleFinance), good)
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "您没有权限修改会费设置", apperr.As(err).Message)
	wantErr(t, update(src, access.Principal{Kind: access.PrincipalMember, ID: "m", Role: access.RoleIndividual}, good),
		apperr.KindForbidden, "forbidden")
	wantErr(t, update(src, access.Guest, good), apperr.KindUnauthorized, "login_required")

	st, err := src.Current(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, payment.DefaultFees, st.Fees)
	assert.Equal(t, time.Time{}, st.UpdatedAt, "nothing was stored")
	assert.Zero(t, e.auditCount(), "no refusal is recorded")
}
