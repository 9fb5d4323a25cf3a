package command_test

import (
	"strings"
	"testing"

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

func (e *env) rejectPayment() *command.RejectPaymentHandler {
	return command.NewRejectPaymentHandler(e.store.Members(), e.store.Payments(), e.policy, e.clock, cst(), e.auditor())
}

// Finance returns a first-fee claim with a reason: the member is approved
// again, sees why and may claim again.
func TestRejectPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	skip := len(e.store.Events())
	finance := apptest.StaffOf(access.RoleFinance)

	require.NoError(t, e.rejectPayment().Handle(e.ctx, command.RejectPayment{Principal: finance, PaymentID: pid,
		Reason: "未查到到账记录"}))
	p := e.payment(pid)
	assert.Equal(t, payment.StatusRejected, p.Status())
	assert.Equal(t, "未查到到账记录", p.Reason())
	assert.Equal(t, finance.ID, p.StaffID())
	got := e.get(m.ID())
	assert.Equal(t, member.StatusApproved, got.Status())
	assert.Equal(t, "未查到到账记录", got.RejectReason())
	assert.Equal(t, []string{"member.payment_claim_rejected"}, e.eventNames(skip))
	entry := e.auditedOnce(audit.PaymentReject, finance, m.ID())
	assert.Equal(t, "未查到到账记录", entry.Reason)
	assert.Equal(t, "payment:"+pid, entry.Subject)
	assert.Equal(t, "退回缴费申请 ¥5000（入会会费）：未查到到账记录", entry.Summary)
	e.claim(m)
}

// A returned renewal claim leaves the member expiring with the reason.
func TestRejectPaymentOfARenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	pid := e.claim(m)
	require.NoError(t, e.rejectPayment().Handle(e.ctx, command.RejectPayment{Principal: apptest.StaffOf(access.RoleAdmin),
		PaymentID: pid, Reason: "金额不符"}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusExpiring, got.Status())
	assert.Equal(t, "金额不符", got.RejectReason())
}

// Refusals: no or too long a reason, a claim handled already, an unknown
// payment, a role other than finance or the admin, a member, nobody. Nothing
// changes.
func TestRejectPaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := apptest.StaffOf(access.RoleFinance)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid := e.claim(m)
	done := e.member(member.Individual, "张三", member.StatusApproved)
	donePID := e.claim(done)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, donePID, 48000, "B1")))
	before := e.state(m.ID(), done.ID())
	reject := func(p access.Principal, id, reason string) error {
		return e.rejectPayment().Handle(e.ctx, command.RejectPayment{Principal: p, PaymentID: id, Reason: reason})
	}

	assert.Equal(t, map[string]string{"reason": "required"}, fieldCodes(reject(finance, pid, " ")))
	assert.Equal(t, map[string]string{"reason": "too_long"}, fieldCodes(reject(finance, pid, strings.Repeat("长", 501))))
	err := reject(finance, donePID, "晚了")
	wantErr(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)
	assert.Equal(t, "该缴费申请已由其他财务人员处理（已确认），请刷新后查看", apperr.As(err).Message)
	wantErr(t, reject(finance, "nothing", "x"), apperr.KindNotFound, "payment_not_found")
	wantErr(t, reject(apptest.StaffOf(access.RoleReviewer), pid, "x"), apperr.KindForbidden, "forbidden")
	wantErr(t, reject(apptest.MemberOf(m), pid, "x"), apperr.KindForbidden, "forbidden")
	wantErr(t, reject(access.Guest, pid, "x"), apperr.KindUnauthorized, "login_required")

	e.unchanged(before, m.ID(), done.ID())
	assert.Equal(t, payment.StatusOpen, e.payment(pid).Status())
}
