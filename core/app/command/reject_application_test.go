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
)

func (e *env) rejectApplication() *command.RejectApplicationHandler {
	return command.NewRejectApplicationHandler(e.store.Members(), e.policy, e.clock, e.auditor())
}

// A reviewer returns a submitted application with a reason the member sees;
// ApplicationRejected is recorded.
func TestRejectApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	skip := len(e.store.Events())
	require.NoError(t, e.rejectApplication().Handle(e.ctx, command.RejectApplication{
		Principal: apptest.StaffOf(access.RoleReviewer), MemberID: " " + m.ID() + " ", Reason: "  扫描件不清晰 "}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusRejected, got.Status())
	assert.Equal(t, "扫描件不清晰", got.RejectReason())
	assert.Equal(t, e.clock.Now(), got.Application().RejectedAt)
	assert.Equal(t, []string{"member.application_rejected"}, e.eventNames(skip))
	entry := e.auditedOnce(audit.ApplicationReject, apptest.StaffOf(access.RoleReviewer), m.ID())
	assert.Equal(t, "扫描件不清晰", entry.Reason)
	assert.Equal(t, "退回入会申请：扫描件不清晰", entry.Summary)
}

// Refusals: no reason or too long a one, an application not under review, an
// unknown member, a role that may not review, a member, nobody. None changes
// the member.
func TestRejectApplicationRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	approved := e.member(member.Individual, "张三", member.StatusApproved)
	before := e.state(m.ID(), approved.ID())
	reviewer := apptest.StaffOf(access.RoleReviewer)
	reject := func(p access.Principal, id, reason string) error {
		return e.rejectApplication().Handle(e.ctx, command.RejectApplication{Principal: p, MemberID: id, Reason: reason})
	}

	assert.Equal(t, map[string]string{"reason": "required"}, fieldCodes(reject(reviewer, m.ID(), " ")))
	assert.Equal(t, map[string]string{"reason": "too_long"},
		fieldCodes(reject(reviewer, m.ID(), strings.Repeat("长", member.MaxReasonLen+1))))
	wantErr(t, reject(reviewer, approved.ID(), "晚了"), apperr.KindConflict, member.ErrTransition)
	wantErr(t, reject(reviewer, "", "x"), apperr.KindNotFound, "member_not_found")
	wantErr(t, reject(reviewer, "nobody", "x"), apperr.KindNotFound, "member_not_found")
	err := reject(apptest.StaffOf(access.RoleFinance), m.ID(), "x")
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "您没有权限审核入会申请", apperr.As(err).Message)
	wantErr(t, reject(apptest.MemberOf(m), m.ID(), "x"), apperr.KindForbidden, "forbidden")
	wantErr(t, reject(access.Guest, m.ID(), "x"), apperr.KindUnauthorized, "login_required")
	e.unchanged(before, m.ID(), approved.ID())
}
