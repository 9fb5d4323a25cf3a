package command_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// registry returns the registry's staff dependencies on the env's store.
func (e *env) registry() command.RegistryDeps {
	return command.RegistryDeps{Members: e.store.Members(), Tx: e.store.Transactor(), Authz: e.policy, Clock: e.clock,
		Audit: command.NewAuditor(e.store.AuditLog(), e.clock), Sequences: e.store.Sequences(),
		Hasher: apptest.Hasher{}, Formats: command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers,
			Individual: member.DefaultIndividualNumbers}}
}

// auditedFor returns the audit entries about a member.
func (e *env) auditedFor(memberID string) []audit.Entry {
	e.t.Helper()
	got, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{MemberID: memberID})
	require.NoError(e.t, err)
	return got
}

// lastEvent is the name of the newest event of the member's history.
func (e *env) lastEvent(memberID string) string {
	e.t.Helper()
	h, err := e.store.History().History(e.ctx, memberID, 100)
	require.NoError(e.t, err)
	require.NotEmpty(e.t, h)
	return h[len(h)-1].Name
}

func TestStaffEditMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "测试号", member.StatusActive)
	h := command.NewStaffEditMemberHandler(e.registry())
	reviewer := apptest.StaffOf(access.RoleReviewer)
	form := membertest.EnterpriseForm("测试号")
	form.Address = "北京市海淀区新地址1号"
	edit := command.StaffEditMember{Principal: reviewer, MemberID: m.ID(), Version: e.get(m.ID()).Version(),
		Name: "测试号", Enterprise: &form, Reason: "会员来函更正地址"}

	// Refusals: no reason, a finance user, a stale version — nothing stored.
	noReason := edit
	noReason.Reason = " "
	_, err := h.Handle(e.ctx, noReason)
	assert.Equal(t, "reason", apperr.As(err).Fields[0].Field)
	finance := edit
	finance.Principal = apptest.StaffOf(access.RoleFinance)
	_, err = h.Handle(e.ctx, finance)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))
	stale := edit
	stale.Version += 7 // another copy than the stored one
	_, err = h.Handle(e.ctx, stale)
	require.True(t, apperr.IsKind(err, apperr.KindConflict), "%v %d", err, stale.Version)
	assert.Equal(t, "该会员资料已被他人修改，请刷新后重试", apperr.As(err).Message)
	assert.NotEqual(t, form.Address, e.get(m.ID()).Application().Enterprise.Address, "nothing overwritten")
	assert.Empty(t, e.auditedFor(m.ID()))

	changed, err := h.Handle(e.ctx, edit)
	require.NoError(t, err)
	assert.Equal(t, []string{"通讯地址"}, changed)
	got := e.get(m.ID())
	assert.Equal(t, form.Address, got.Application().Enterprise.Address)
	assert.Equal(t, edit.Version+1, got.Version())
	assert.Equal(t, "member.edited", e.lastEvent(m.ID()))
	entries := e.auditedFor(m.ID())
	require.Len(t, entries, 1)
	assert.Equal(t, audit.MemberEdit, entries[0].Action)
	assert.Equal(t, "会员来函更正地址", entries[0].Reason)
	require.Len(t, entries[0].Changes, 1)
	assert.Equal(t, form.Address, entries[0].Changes[0].After)

	// The same form again, on the old version: the second editor is refused.
	_, err = h.Handle(e.ctx, edit)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
}

func TestChangeMemberLevel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "测试号", member.StatusActive)
	h := command.NewChangeMemberLevelHandler(e.registry())
	sec := apptest.StaffOf(access.RoleSecretariat)
	cases := map[string]struct {
		cmd   command.ChangeMemberLevel
		field string
	}{
		"unknown level": {command.ChangeMemberLevel{Level: "名誉会长", DocNo: "质协〔2024〕8号", Reason: "理事会决议"}, "level"},
		"no 文号":         {command.ChangeMemberLevel{Level: "理事", Reason: "理事会决议"}, "doc_no"},
		"no reason":     {command.ChangeMemberLevel{Level: "理事", DocNo: "质协〔2024〕8号"}, "reason"},
		"same level":    {command.ChangeMemberLevel{Level: "普通会员", DocNo: "质协〔2024〕8号", Reason: "x"}, "level"},
	}
	for name, c := range cases {
		c.cmd.Principal, c.cmd.MemberID = sec, m.ID()
		err := h.Handle(e.ctx, c.cmd)
		require.Error(t, err, name)
		assert.Equal(t, c.field, apperr.As(err).Fields[0].Field, name)
	}
	err := h.Handle(e.ctx, command.ChangeMemberLevel{Principal: apptest.StaffOf(access.RoleReviewer), MemberID: m.ID(),
		Level: "理事", DocNo: "质协〔2024〕8号", Reason: "理事会决议"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))
	assert.Equal(t, member.LevelOrdinary, e.get(m.ID()).Level(), "nothing changed")
	assert.Empty(t, e.auditedFor(m.ID()))

	require.NoError(t, h.Handle(e.ctx, command.ChangeMemberLevel{Principal: sec, MemberID: m.ID(), Level: "理事",
		DocNo: "质协〔2024〕8号", Reason: "理事会决议"}))
	assert.Equal(t, member.LevelCouncil, e.get(m.ID()).Level())
	assert.Equal(t, "member.level_changed", e.lastEvent(m.ID()))
	entries := e.auditedFor(m.ID())
	require.Len(t, entries, 1)
	assert.Equal(t, []audit.Change{{Field: "level", Label: "会员级别", Before: "普通会员", After: "理事"}}, entries[0].Changes)
	assert.Contains(t, entries[0].Summary, "质协〔2024〕8号")
}

func TestSuspendReinstateWithdraw(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "测试号", member.StatusActive)
	d := e.registry()
	sec := apptest.StaffOf(access.RoleSecretariat)
	suspend, reinstate := command.NewSuspendMemberHandler(d), command.NewReinstateMemberHandler(d, member.RenewalPolicy{})
	withdraw := command.NewWithdrawMemberHandler(d)
	cmd := command.MemberStatusChange{Principal: sec, MemberID: m.ID(), Reason: "拖欠会费且未答复"}

	err := suspend.Handle(e.ctx, command.MemberStatusChange{Principal: sec, MemberID: m.ID()})
	assert.Equal(t, "reason", apperr.As(err).Fields[0].Field)
	err = suspend.Handle(e.ctx, command.MemberStatusChange{Principal: apptest.StaffOf(access.RoleReviewer),
		MemberID: m.ID(), Reason: "x"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))
	assert.Equal(t, member.StatusActive, e.get(m.ID()).Status())

	require.NoError(t, suspend.Handle(e.ctx, cmd))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusSuspended, got.Status())
	assert.Equal(t, "拖欠会费且未答复", got.StatusReason())
	assert.Error(t, suspend.Handle(e.ctx, cmd), "a suspended member cannot be suspended again")

	cmd.Reason = "已补缴会费"
	require.NoError(t, reinstate.Handle(e.ctx, cmd))
	assert.Equal(t, member.StatusActive, e.get(m.ID()).Status())

	cmd.Reason = "会员来函申请退会"
	require.NoError(t, withdraw.Handle(e.ctx, command.WithdrawMember{MemberStatusChange: cmd, ByRequest: true}))
	assert.Equal(t, member.StatusWithdrawn, e.get(m.ID()).Status())
	assert.Equal(t, "member.withdrew", e.lastEvent(m.ID()))
	assert.Error(t, reinstate.Handle(e.ctx, cmd), "withdrawal is final")

	var actions []audit.Action
	for _, en := range e.auditedFor(m.ID()) {
		actions = append(actions, en.Action)
	}
	assert.ElementsMatch(t, []audit.Action{audit.MemberSuspend, audit.MemberReinstate, audit.MemberWithdraw}, actions)
}

func TestStaffCreateMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "已有单位", member.StatusActive)
	h := command.NewStaffCreateMemberHandler(e.registry())
	admin := apptest.StaffOf(access.RoleAdmin)

	// The rules of registration: a bad email, a taken name.
	_, err := h.Handle(e.ctx, command.StaffCreateMember{Principal: admin, Kind: "enterprise", Name: "纸质入会单位",
		Email: "not-an-email"})
	assert.Equal(t, "email", apperr.As(err).Fields[0].Field)
	_, err = h.Handle(e.ctx, command.StaffCreateMember{Principal: admin, Kind: "enterprise", Name: "已有单位",
		Email: "new@example.com"})
	require.Error(t, err)
	assert.Equal(t, "name", apperr.As(err).Fields[0].Field)
	_, err = h.Handle(e.ctx, command.StaffCreateMember{Principal: apptest.StaffOf(access.RoleSecretariat),
		Kind: "enterprise", Name: "纸质入会单位", Email: "paper@example.com"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))

	id, err := h.Handle(e.ctx, command.StaffCreateMember{Principal: admin, Kind: "enterprise", Name: "纸质入会单位",
		Email: "paper@example.com", Level: "理事"})
	require.NoError(t, err)
	m := e.get(id)
	assert.Equal(t, member.StatusApproved, m.Status())
	assert.Equal(t, member.LevelCouncil, m.Level())
	assert.Regexp(t, `^24\d{6}$`, m.Number(), "numbered as an approval would")
	require.Len(t, e.auditedFor(id), 1)
	assert.Equal(t, audit.MemberCreate, e.auditedFor(id)[0].Action)

	_, err = h.Handle(e.ctx, command.StaffCreateMember{Principal: admin, Kind: "enterprise", Name: "另一家单位",
		Email: "other@example.com", Number: m.Number()})
	require.Error(t, err)
	require.NotEmpty(t, apperr.As(err).Fields, "%v", err)
	assert.Equal(t, "number", apperr.As(err).Fields[0].Field)
}

func TestRequestWithdrawal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "测试号", member.StatusActive)
	applicant := e.member(member.Enterprise, "申请中", member.StatusSubmitted)
	h := command.NewRequestWithdrawalHandler(e.store.Members(), e.clock, nil)
	p := apptest.MemberOf(m)

	err := h.Handle(e.ctx, command.RequestWithdrawal{Principal: p})
	assert.ElementsMatch(t, []string{"reason", "confirm"}, fieldNames(err))
	err = h.Handle(e.ctx, command.RequestWithdrawal{Principal: p, Confirmed: true})
	assert.Equal(t, []string{"reason"}, fieldNames(err))
	err = h.Handle(e.ctx, command.RequestWithdrawal{Principal: apptest.StaffOf(access.RoleAdmin), Reason: "x",
		Confirmed: true})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "staff use the back office")
	err = h.Handle(e.ctx, command.RequestWithdrawal{Principal: apptest.MemberOf(applicant), Reason: "x",
		Confirmed: true})
	assert.Error(t, err, "an applicant is no member yet")
	assert.Equal(t, member.StatusActive, e.get(m.ID()).Status())

	require.NoError(t, h.Handle(e.ctx, command.RequestWithdrawal{Principal: p, Reason: "业务调整", Confirmed: true}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusWithdrawn, got.Status())
	assert.Equal(t, "业务调整", got.StatusReason())
	assert.Equal(t, "member.withdrew", e.lastEvent(m.ID()))
}

// fieldNames lists the fields of an error's field errors.
func fieldNames(err error) []string {
	var out []string
	for _, f := range apperr.As(err).Fields {
		out = append(out, f.Field)
	}
	return out
}

// failingAudit is an audit log whose appends fail.
type failingAudit struct{ ports.AuditLog }

func (failingAudit) Append(context.Context, audit.Entry) error {
	return errors.New("audit log unavailable")
}

// A staff-created member and its audit entry are one transaction: when the
// entry cannot be appended, no member is left behind.
func TestStaffCreateMemberAuditFailureStoresNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.registry()
	d.Audit = command.NewAuditor(failingAudit{e.store.AuditLog()}, e.clock)
	h := command.NewStaffCreateMemberHandler(d)
	_, err := h.Handle(e.ctx, command.StaffCreateMember{Principal: apptest.StaffOf(access.RoleAdmin),
		Kind: "enterprise", Name: "纸质入会单位", Email: "paper@example.com"})
	require.Error(t, err)
	taken, err := e.store.Members().EmailTaken(e.ctx, "paper@example.com")
	require.NoError(t, err)
	assert.False(t, taken, "no member was stored")
	taken, err = e.store.Members().NameTaken(e.ctx, member.Enterprise, "纸质入会单位")
	require.NoError(t, err)
	assert.False(t, taken)

	// The same request with a working audit log succeeds: the name was free.
	_, err = command.NewStaffCreateMemberHandler(e.registry()).Handle(e.ctx, command.StaffCreateMember{
		Principal: apptest.StaffOf(access.RoleAdmin), Kind: "enterprise", Name: "纸质入会单位", Email: "paper@example.com"})
	require.NoError(t, err)
}
