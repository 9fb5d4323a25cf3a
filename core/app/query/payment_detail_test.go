package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) paymentDetail(p access.Principal, id string) (query.PaymentDetailView, error) {
	return query.NewPaymentDetailHandler(e.store.Members(), e.store.Payments(), e.settings(), e.policy).Handle(e.ctx,
		query.PaymentDetail{Principal: p, PaymentID: id})
}

// A claim as finance decides on it: the member, what it owes now, whether the
// principal may confirm it, and the member's other payments.
func TestPaymentDetail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	order := e.order(m)
	e.clock.Advance(time.Minute)
	claim := e.claim(m, payment.Voucher{})

	v, err := e.paymentDetail(apptest.StaffOf(access.RoleFinance), " "+claim.ID()+" ")
	require.NoError(t, err)
	assert.Equal(t, claim.ID(), v.ID)
	assert.Equal(t, "张三", v.MemberName)
	assert.Equal(t, member.StatusPaymentClaimed, v.MemberStatus)
	assert.Equal(t, payment.DefaultFees.Individual, v.DueFen)
	assert.True(t, v.CanConfirm)
	require.Len(t, v.History, 1)
	assert.Equal(t, order.ID(), v.History[0].ID)

	v, err = e.paymentDetail(apptest.MemberOf(m), claim.ID())
	require.NoError(t, err)
	assert.False(t, v.CanConfirm, "the member sees its claim but does not confirm it")
	v, err = e.paymentDetail(apptest.StaffOf(access.RoleFinance), order.ID())
	require.NoError(t, err)
	assert.False(t, v.CanConfirm, "online orders are the gateway's")

	e.confirm(m, claim, "B1")
	v, err = e.paymentDetail(apptest.StaffOf(access.RoleAdmin), claim.ID())
	require.NoError(t, err)
	assert.Zero(t, v.DueFen, "nothing owed any more")
	assert.False(t, v.CanConfirm)
}

// Refusals: another member's payment and an unknown one are the same
// NotFound; roles without payment:read and nobody are refused.
func TestPaymentDetailRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	other := e.member(member.Individual, "李四", member.StatusApproved)
	claim := e.claim(m, payment.Voucher{})
	_, err := e.paymentDetail(apptest.MemberOf(other), claim.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.paymentDetail(apptest.StaffOf(access.RoleFinance), "nothing")
	wantErr(t, err, apperr.KindNotFound, "payment_not_found")
	_, err = e.paymentDetail(apptest.StaffOf(access.RoleReviewer), claim.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.paymentDetail(access.Guest, claim.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
