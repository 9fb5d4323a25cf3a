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
	"github.com/openassoc/membership/ports"
)

func (e *env) feePage(gw ports.PaymentGateway, p access.Principal) (query.FeePageView, error) {
	return query.NewFeePageHandler(e.store.Members(), e.store.Payments(), e.settings(), gw, e.policy).Handle(e.ctx,
		query.FeePage{Principal: p})
}

// An approved member's fee page: the schedule, its own fee, the payee and its
// reference code, and what it may do — claim, upload a voucher, pay online
// (a person, with a gateway).
func TestFeePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	events := len(e.store.Events())

	v, err := e.feePage(&apptest.Gateway{}, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.Equal(t, "普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年", v.FeesText)
	assert.Equal(t, payment.DefaultFees.Individual, v.AmountDueFen)
	assert.Equal(t, "¥480/年", v.AmountDueText)
	assert.Equal(t, payment.DefaultPayee, v.Payee)
	assert.Equal(t, m.PaymentRef(), v.PaymentRef)
	assert.Equal(t, payment.PurposeJoin, v.Purpose)
	assert.True(t, v.Payable)
	assert.True(t, v.CanClaim)
	assert.True(t, v.CanUploadVoucher)
	assert.True(t, v.CanPayOnline)
	assert.Nil(t, v.OpenPayment)
	assert.Empty(t, v.History)
	assert.Equal(t, events, len(e.store.Events()), "a query stores nothing")

	company := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	v, err = e.feePage(&apptest.Gateway{}, apptest.MemberOf(company))
	require.NoError(t, err)
	assert.False(t, v.CanPayOnline, "enterprises pay by transfer")
	v, err = e.feePage(nil, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.False(t, v.CanPayOnline, "no gateway")
}

// With a claim open the page shows it and offers no second one; a returned
// claim shows why, and the member may claim again; online orders waiting are
// history, not claims.
func TestFeePageWithPayments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	order := e.order(m)
	e.clock.Advance(time.Minute)
	claim := e.claim(m, payment.Voucher{})

	v, err := e.feePage(nil, apptest.MemberOf(m))
	require.NoError(t, err)
	require.NotNil(t, v.OpenPayment)
	assert.Equal(t, claim.ID(), v.OpenPayment.ID)
	assert.False(t, v.CanClaim)
	assert.False(t, v.CanUploadVoucher)
	require.Len(t, v.History, 2)
	assert.Equal(t, "待支付", v.History[1].StatusLabel, "the waiting online order")
	assert.Equal(t, order.ID(), v.History[1].ID)

	e.reject(m, claim, "未查到到账记录")
	v, err = e.feePage(nil, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.Nil(t, v.OpenPayment)
	assert.True(t, v.CanClaim)
	assert.Equal(t, "未查到到账记录", v.RejectReason)
}

// A member who owes nothing sees no payment offered; a member approved before
// codes existed sees none (the page only reads; AssignPaymentRef gives it).
func TestFeePageOfAMemberWhoOwesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	active := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	v, err := e.feePage(&apptest.Gateway{}, apptest.MemberOf(active))
	require.NoError(t, err)
	assert.False(t, v.Payable)
	assert.False(t, v.CanClaim)
	assert.False(t, v.CanPayOnline)

	legacy := member.Restore(member.Snapshot{ID: "legacy", Kind: member.Individual, Name: "老会员", Email: "old@example.com",
		Status: member.StatusApproved, Number: "GR190001", Level: member.LevelIndividual, CreatedAt: e.clock.Now()})
	require.NoError(t, e.store.Members().Add(e.ctx, legacy))
	v, err = e.feePage(nil, apptest.MemberOf(legacy))
	require.NoError(t, err)
	assert.Empty(t, v.PaymentRef)
	stored, err := e.store.Members().Get(e.ctx, "legacy")
	require.NoError(t, err)
	assert.Empty(t, stored.PaymentRef(), "the query assigned nothing")
}

// Refusals: staff, nobody, a member that is gone.
func TestFeePageRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.feePage(nil, apptest.StaffOf(access.RoleFinance))
	wantErr(t, err, apperr.KindForbidden, "members_only")
	_, err = e.feePage(nil, access.Guest)
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = e.feePage(nil, access.Principal{Kind: access.PrincipalMember, ID: "gone", Role: access.RoleIndividual})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
}

// A renewal names the membership year it pays for: the year in which most of
// the renewed year lies.
func TestFeePageRenewalYear(t *testing.T) {
	t.Parallel()
	for until, want := range map[string]int{"2026-12-31": 2027, "2026-12-20": 2027, "2027-03-31": 2027, "2027-09-20": 2028} {
		day, err := time.Parse("2006-01-02", until)
		require.NoError(t, err)
		assert.Equal(t, want, query.FeePageView{ValidUntil: day}.RenewalYear(), until)
	}
}
