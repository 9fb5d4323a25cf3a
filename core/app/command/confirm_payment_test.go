package command_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) confirmPayment() *command.ConfirmPaymentHandler {
	return command.NewConfirmPaymentHandler(e.store.Members(), e.store.Payments(), e.policy, e.clock, cst(), e.auditor())
}

// receipt is finance's confirmation of payment id: the fee arrived today.
func (e *env) receipt(p access.Principal, id string, amount int64, ref string) command.ConfirmPayment {
	return command.ConfirmPayment{Principal: p, PaymentID: id, AmountFen: amount, PaidOn: e.clock.Now(), BankRef: ref}
}

// Finance confirms a first fee: the payment records what arrived and who
// confirmed it, and the member is paid and forwarded to the secretariat in the
// same step.
func TestConfirmPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	skip := len(e.store.Events())
	finance := apptest.StaffOf(access.RoleFinance)

	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, " "+pid+" ", 500000, " B 001 ")))
	p := e.payment(pid)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, int64(500000), p.PaidFen())
	assert.Equal(t, "B001", p.BankRef())
	assert.Equal(t, payment.SourceFinance, p.Source())
	assert.Equal(t, finance.ID, p.StaffID())
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), p.PaidOn())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Equal(t, []string{"member.payment_confirmed", "member.forwarded_to_secretariat"}, e.eventNames(skip))
	entry := e.auditedOnce(audit.PaymentConfirm, finance, m.ID())
	assert.Equal(t, "payment:"+pid, entry.Subject)
	assert.Equal(t, "确认缴费 ¥5000（入会会费，银行转账），到账 2024-03-01，流水号 B001", entry.Summary)
}

// A renewal confirmed extends the validity by a year from its old end and
// makes the member active again.
func TestConfirmPaymentOfARenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	end := m.ValidUntil()
	pid := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleAdmin), pid,
		payment.DefaultFees.Individual, "B7")))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusActive, got.Status())
	assert.Equal(t, member.OneYearFrom(end.AddDate(0, 0, 1)), got.ValidUntil())
}

// Refusals: a malformed receipt, a wrong amount, an online order, a claim
// handled already, a bank reference used before, an unknown payment, a role
// other than finance or the admin, a member, nobody. None changes a payment or
// a member.
func TestConfirmPaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	done := e.member(member.Enterprise, "已缴公司", member.StatusApproved)
	donePID := e.claim(done)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, donePID, 500000, "B001")))
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	person := e.member(member.Individual, "张三", member.StatusApproved)
	order := e.order(&apptest.Gateway{}, person)
	before := e.state(done.ID(), m.ID(), person.ID())
	confirm := func(cmd command.ConfirmPayment) error { return e.confirmPayment().Handle(e.ctx, cmd) }

	err := confirm(command.ConfirmPayment{Principal: finance, PaymentID: pid, PaidOn: e.clock.Now().AddDate(0, 0, 1)})
	assert.Equal(t, map[string]string{"amount": "amount_invalid", "paid_on": "date_future", "bank_ref": "required"},
		fieldCodes(err))
	err = confirm(e.receipt(finance, pid, 480000, "B002"))
	wantErr(t, err, apperr.KindInvalid, payment.ErrAmountMismatch)
	assert.Equal(t, payment.ErrAmountMismatch, fieldCodes(err)["amount"])
	wantErr(t, confirm(e.receipt(finance, order.PaymentID, order.AmountFen, "B003")), apperr.KindConflict,
		payment.ErrNotClaim)
	err = confirm(e.receipt(finance, donePID, 500000, "B004"))
	wantErr(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)
	assert.Contains(t, apperr.As(err).Message, "已由其他财务人员处理")
	wantErr(t, confirm(e.receipt(finance, pid, 500000, "B001")), apperr.KindConflict, "bank_ref_taken")
	wantErr(t, confirm(e.receipt(finance, "nothing", 500000, "B005")), apperr.KindNotFound, "payment_not_found")
	err = confirm(e.receipt(apptest.StaffOf(access.RoleSecretariat), pid, 500000, "B006"))
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "您没有权限确认缴费", apperr.As(err).Message)
	wantErr(t, confirm(e.receipt(apptest.MemberOf(m), pid, 500000, "B007")), apperr.KindForbidden, "forbidden")
	wantErr(t, confirm(e.receipt(access.Guest, pid, 500000, "B008")), apperr.KindUnauthorized, "login_required")

	e.unchanged(before, done.ID(), m.ID(), person.ID())
	assert.Equal(t, payment.StatusOpen, e.payment(pid).Status())
	assert.Equal(t, payment.StatusOpen, e.payment(order.PaymentID).Status())
}

// Money finance finds for a claim whose member owes nothing any more (its fee
// was booked another way) is a duplicate: kept as a refund due, not counted.
func TestConfirmPaymentOfAFeeNoLongerDue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	pid := e.claim(m)
	require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		if err := m.ConfirmFee(member.Fee{}, e.clock.Now()); err != nil {
			return err
		}
		return m.ForwardToSecretariat(e.clock.Now())
	}))
	err := e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), pid, 48000, "B1"))
	require.NoError(t, err)
	assert.Equal(t, payment.StatusDuplicate, e.payment(pid).Status())
	assert.Equal(t, payment.RefundDue, e.payment(pid).RefundState())
	assert.Equal(t, int64(48000), e.payment(pid).RefundFen())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status(), "the member's fee is unchanged")
}
