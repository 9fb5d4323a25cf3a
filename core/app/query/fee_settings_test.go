package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) feeSettings(s *feesettings.Source, p access.Principal) (query.FeeSettingsView, error) {
	return query.NewFeeSettingsHandler(s, e.policy).Handle(e.ctx, query.FeeSettings{Principal: p})
}

// The settings in force: the admin's override once stored, writable for the
// admin only, readable by finance; the configuration's when the store is off.
func TestFeeSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	src := e.settings()
	v, err := e.feeSettings(src, apptest.StaffOf(access.RoleAdmin))
	require.NoError(t, err)
	assert.Equal(t, payment.DefaultFees, v.Fees)
	assert.Equal(t, payment.DefaultPayee, v.Payee)
	assert.True(t, v.UpdatedAt.IsZero())
	assert.True(t, v.Writable)
	assert.Equal(t, payment.Remark, v.Remark)

	fees := payment.Fees{Ordinary: 1, Council: 2, Individual: 3}
	require.NoError(t, src.Store(e.ctx, feesettings.Settings{Fees: fees, Payee: payment.DefaultPayee,
		UpdatedAt: e.clock.Now(), UpdatedBy: "staff-admin"}))
	v, err = e.feeSettings(src, apptest.StaffOf(access.RoleFinance))
	require.NoError(t, err)
	assert.Equal(t, fees, v.Fees)
	assert.Equal(t, "staff-admin", v.UpdatedBy)
	assert.False(t, v.Writable, "finance reads only")

	fixed := feesettings.NewSource(nil, fees, payment.Payee{})
	v, err = e.feeSettings(fixed, apptest.StaffOf(access.RoleAdmin))
	require.NoError(t, err)
	assert.False(t, v.Writable, "the configuration decides")
}

// Refusals: roles that neither manage settings nor read payments, members,
// nobody; a policy that cannot answer.
func TestFeeSettingsRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	for _, role := range []access.Role{access.RoleReviewer, access.RoleSecretariat} {
		_, err := e.feeSettings(e.settings(), apptest.StaffOf(role))
		wantErr(t, err, apperr.KindForbidden, "forbidden")
	}
	_, err := e.feeSettings(e.settings(), apptest.MemberOf(m))
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.feeSettings(e.settings(), access.Guest)
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = query.NewFeeSettingsHandler(e.settings(), apptest.BrokenPolicy{}).Handle(e.ctx,
		query.FeeSettings{Principal: apptest.StaffOf(access.RoleAdmin)})
	wantErr(t, err, apperr.KindInternal, "internal")
}
