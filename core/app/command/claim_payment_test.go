package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) claimPayment() *command.ClaimPaymentHandler {
	return command.NewClaimPaymentHandler(e.store.Members(), e.store.Payments(), e.settings(), e.policy, e.clock, cst())
}

// claim files m's transfer claim and returns its id.
func (e *env) claim(m *member.Member) string {
	e.t.Helper()
	id, err := e.claimPayment().Handle(e.ctx, command.ClaimPayment{Principal: apptest.MemberOf(m)})
	require.NoError(e.t, err)
	return id
}

// An approved member's claim opens a transfer for the fee of its kind and
// level; the member waits for finance (PaymentClaimed).
func TestClaimPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	skip := len(e.store.Events())

	pid := e.claim(m)
	p := e.payment(pid)
	assert.Equal(t, m.ID(), p.MemberID())
	assert.Equal(t, payment.PurposeJoin, p.Purpose())
	assert.Equal(t, payment.MethodTransfer, p.Method())
	assert.Equal(t, payment.StatusOpen, p.Status())
	assert.Equal(t, payment.DefaultFees.Ordinary, p.AmountFen())
	assert.Equal(t, member.StatusPaymentClaimed, e.get(m.ID()).Status())
	assert.Equal(t, []string{"member.payment_claimed"}, e.eventNames(skip))
}

// A renewal claim is for the renewal at the fee in force (the admin's); the
// member stays expiring until finance confirms.
func TestClaimPaymentForARenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.updateFeeSettings(e.settings()).Handle(e.ctx, command.UpdateFeeSettings{
		Principal: apptest.StaffOf(access.RoleAdmin), Fees: payment.Fees{Ordinary: 1, Council: 2, Individual: 50000},
		Payee: payment.DefaultPayee}))
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	p := e.payment(e.claim(m))
	assert.Equal(t, payment.PurposeRenewal, p.Purpose())
	assert.Equal(t, int64(50000), p.AmountFen())
	assert.Equal(t, member.StatusExpiring, e.get(m.ID()).Status())
}

// Refusals: a second claim while one is open, a member who owes nothing yet or
// any more, staff, nobody. None opens a payment or changes the member.
func TestClaimPaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	claimed := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	e.claim(claimed)
	renewing := e.member(member.Individual, "王五", member.StatusExpiring)
	e.claim(renewing)
	fresh := e.member(member.Individual, "张三", member.StatusSubmitted)
	active := e.member(member.Individual, "李四", member.StatusActive)
	paid := e.member(member.Enterprise, "已缴公司", member.StatusAwaitingSecretariat)
	ids := []string{claimed.ID(), renewing.ID(), fresh.ID(), active.ID(), paid.ID()}
	before := e.state(ids...)
	claim := func(p access.Principal) error {
		_, err := e.claimPayment().Handle(e.ctx, command.ClaimPayment{Principal: p})
		return err
	}

	wantErr(t, claim(apptest.MemberOf(claimed)), apperr.KindConflict, "claim_open")
	wantErr(t, claim(apptest.MemberOf(renewing)), apperr.KindConflict, "claim_open")
	err := claim(apptest.MemberOf(fresh))
	wantErr(t, err, apperr.KindConflict, "nothing_due")
	assert.Equal(t, "入会申请审核通过后才能缴纳会费", apperr.As(err).Message)
	err = claim(apptest.MemberOf(active))
	wantErr(t, err, apperr.KindConflict, "already_paid")
	assert.Contains(t, apperr.As(err).Message, "会员有效期至2025-02-28")
	wantErr(t, claim(apptest.MemberOf(paid)), apperr.KindConflict, "already_paid")
	wantErr(t, claim(apptest.StaffOf(access.RoleFinance)), apperr.KindForbidden, "members_only")
	wantErr(t, claim(access.Guest), apperr.KindUnauthorized, "login_required")

	e.unchanged(before, ids...)
	for _, id := range []string{fresh.ID(), active.ID(), paid.ID()} {
		assert.Empty(t, e.paymentsOf(id))
	}
	assert.Len(t, e.paymentsOf(claimed.ID()), 1)
}
