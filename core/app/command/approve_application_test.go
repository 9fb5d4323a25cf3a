package command_test

import (
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

func (e *env) approveApplication() *command.ApproveApplicationHandler {
	return command.NewApproveApplicationHandler(e.store.Members(), e.store.Sequences(), e.policy, e.clock,
		command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers, Individual: member.DefaultIndividualNumbers},
		nil, e.auditor())
}

// The use case on the in-memory store, without disk: an approval assigns the
// next member number inside the member's transaction, and a second approval is
// a Conflict.
func TestApproveApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	handler := e.approveApplication()
	reviewer := apptest.StaffOf(access.RoleReviewer)
	draft := e.member(member.Enterprise, "草稿公司", member.StatusDraft).ID()
	submitted := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted).ID()

	// Approving an application that was never submitted fails and uses no number.
	before := e.state(draft)
	_, err := handler.Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: draft})
	wantErr(t, err, apperr.KindConflict, member.ErrTransition)
	e.unchanged(before, draft)

	number, err := handler.Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: submitted})
	require.NoError(t, err)
	assert.Equal(t, "24000001", number, "the first number of the year, none wasted on the draft")
	got := e.get(submitted)
	assert.Equal(t, member.StatusApproved, got.Status())
	assert.Equal(t, number, got.Number())
	assert.Equal(t, payment.ReferenceCode(submitted, 0), got.PaymentRef(), "the code comes with the approval")
	assert.Equal(t, []string{"member.application_approved"}, e.eventNames(before.events))
	entry := e.auditedOnce(audit.ApplicationApprove, reviewer, submitted)
	assert.Equal(t, "审核通过，分配会员号 24000001", entry.Summary)

	before = e.state(submitted)
	_, err = handler.Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: submitted})
	wantErr(t, err, apperr.KindConflict, member.ErrAlreadyApproved)
	e.unchanged(before, submitted)
}

// Individuals draw from their own sequence (GR + year + four digits).
func TestApproveApplicationNumbersIndividualsApart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted).ID()
	b := e.member(member.Individual, "张三", member.StatusSubmitted).ID()
	reviewer := apptest.StaffOf(access.RoleAdmin)
	na, err := e.approveApplication().Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: a})
	require.NoError(t, err)
	nb, err := e.approveApplication().Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: b})
	require.NoError(t, err)
	assert.Equal(t, "24000001", na)
	assert.Equal(t, "GR240001", nb)
}

// Only reviewers and the admin approve; a member, finance or the secretariat
// are refused and nothing changes; an unknown member is NotFound.
func TestApproveApplicationRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	before := e.state(m.ID())
	for _, c := range []struct {
		p    access.Principal
		kind apperr.Kind
		code string
	}{
		{apptest.MemberOf(m), apperr.KindForbidden, "forbidden"},
		{apptest.StaffOf(access.RoleFinance), apperr.KindForbidden, "forbidden"},
		{apptest.StaffOf(access.RoleSecretariat), apperr.KindForbidden, "forbidden"},
		{access.Guest, apperr.KindUnauthorized, "login_required"},
	} {
		_, err := e.approveApplication().Handle(e.ctx, command.ApproveApplication{Principal: c.p, MemberID: m.ID()})
		wantErr(t, err, c.kind, c.code)
		if c.kind == apperr.KindForbidden {
			assert.Equal(t, "您没有权限审核入会申请", apperr.As(err).Message)
		}
	}
	e.unchanged(before, m.ID())

	reviewer := apptest.StaffOf(access.RoleReviewer)
	_, err := e.approveApplication().Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: " "})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
	_, err = e.approveApplication().Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: "nobody"})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")

	broken := command.NewApproveApplicationHandler(e.store.Members(), e.store.Sequences(), apptest.BrokenPolicy{},
		e.clock, command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers,
			Individual: member.DefaultIndividualNumbers}, nil, e.auditor())
	_, err = broken.Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: m.ID()})
	wantErr(t, err, apperr.KindInternal, "internal")
	e.unchanged(before, m.ID())
}

// When the year's numbers are used up the approval fails as a fault of the
// configuration, says what to do and changes nothing.
func TestApproveApplicationWhenNumbersRunOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	formats := command.NumberFormats{Enterprise: member.NumberFormat{Pattern: "{YY}{SEQ:1}"},
		Individual: member.NumberFormat{Pattern: "{SEQ:1}"}}
	h := command.NewApproveApplicationHandler(e.store.Members(), e.store.Sequences(), e.policy, e.clock, formats, nil,
		e.auditor())
	reviewer := apptest.StaffOf(access.RoleReviewer)
	for _, c := range []struct {
		kind    member.Kind
		name    string
		message string
	}{
		{member.Enterprise, "星河科技有限公司", "本年度的会员号已用完，请管理员调整会员号格式"},
		{member.Individual, "张三", "会员号已用完，请管理员调整会员号格式"},
	} {
		m := e.member(c.kind, c.name, member.StatusSubmitted)
		scope := formats.For(c.kind).Scope(c.kind, e.clock.Now())
		for range 9 {
			_, err := e.store.Sequences().Next(e.ctx, scope)
			require.NoError(t, err)
		}
		before := e.state(m.ID())
		_, err := h.Handle(e.ctx, command.ApproveApplication{Principal: reviewer, MemberID: m.ID()})
		wantErr(t, err, apperr.KindInternal, "member_numbers_exhausted")
		assert.Equal(t, c.message, apperr.As(err).Message)
		e.unchanged(before, m.ID())
	}
}

// The approval and its audit entry commit together: when the entry cannot be
// written the member stays submitted and no number is used.
func TestApproveApplicationRollsBackWithItsAuditEntry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted).ID()
	before := e.state(m)
	h := command.NewApproveApplicationHandler(e.store.Members(), e.store.Sequences(), e.policy, e.clock,
		command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers, Individual: member.DefaultIndividualNumbers},
		nil, command.NewAuditor(nil, e.clock))
	_, err := h.Handle(e.ctx, command.ApproveApplication{Principal: apptest.StaffOf(access.RoleReviewer), MemberID: m})
	require.Error(t, err)
	e.unchanged(before, m)
	number, err := e.approveApplication().Handle(e.ctx, command.ApproveApplication{
		Principal: apptest.StaffOf(access.RoleReviewer), MemberID: m})
	require.NoError(t, err)
	assert.Equal(t, "24000001", number, "the failed approval used no number")
}
