package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// memberHelp is the world of 账号协助's tests: the ports and a reviewer acting.
type memberHelp struct {
	*env
	p        command.MemberHelpPorts
	reviewer access.Principal
}

func newMemberHelp(t *testing.T) *memberHelp {
	t.Helper()
	e := newEnv(t)
	p := command.MemberHelpPorts{Tx: e.store.Transactor(), Members: e.store.Members(), Tokens: e.store.Tokens(),
		Attempts: e.store.LoginAttempts(), Authz: e.policy, Audit: command.NewAuditor(e.store.AuditLog(), e.clock),
		Clock: e.clock}
	h := &memberHelp{env: e, p: p, reviewer: e.staff("reviewer1", access.RoleReviewer)}
	h.reviewer.Address = "203.0.113.9"
	return h
}

// actions lists the audit log's actions, newest first.
func (h *memberHelp) actions() []audit.Action {
	h.t.Helper()
	got, _, err := h.store.AuditLog().List(h.ctx, ports.AuditQuery{})
	require.NoError(h.t, err)
	var out []audit.Action
	for _, e := range got {
		out = append(out, e.Action)
	}
	return out
}

// helpView reads the account's state as staff see it.
func (h *memberHelp) helpView(id string) query.MemberAccountHelpView {
	h.t.Helper()
	v, err := query.NewMemberAccountHelpHandler(h.store.Members(), h.store.LoginAttempts(), h.policy, h.clock,
		auth.AccountThrottle).Handle(h.ctx, query.MemberAccountHelp{Principal: h.reviewer, MemberID: id})
	require.NoError(h.t, err)
	return v
}

func TestMemberHelpIsForReviewersAndAdmins(t *testing.T) {
	t.Parallel()
	h := newMemberHelp(t)
	m := h.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	before := h.state(m.ID())
	for _, role := range []access.Role{access.RoleFinance, access.RoleSecretariat} {
		p := h.staff("s-"+string(role), role)
		err := command.NewSendMemberResetLinkHandler(h.p).Handle(h.ctx, command.SendMemberResetLink{Principal: p,
			MemberID: m.ID()})
		wantErr(t, err, apperr.KindForbidden, "forbidden")
		err = command.NewUnlockMemberLoginHandler(h.p).Handle(h.ctx, command.UnlockMemberLogin{Principal: p,
			MemberID: m.ID()})
		assert.True(t, apperr.IsKind(err, apperr.KindForbidden), role)
	}
	member := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleEnterprise}
	err := command.NewResendMemberMailHandler(h.p).Handle(h.ctx, command.ResendMemberMail{Principal: member,
		MemberID: m.ID()})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "a member is told the page does not exist")
	h.unchanged(before, m.ID())
	assert.Empty(t, h.actions())

	err = command.NewSendMemberResetLinkHandler(h.p).Handle(h.ctx, command.SendMemberResetLink{Principal: h.reviewer,
		MemberID: "no-such-member"})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound))
}

// A reset link sent by staff is the member's one live link, mailed through
// PasswordResetRequested, and audited with the staff's address.
func TestSendMemberResetLink(t *testing.T) {
	t.Parallel()
	h := newMemberHelp(t)
	m := h.member(member.Individual, "张三", member.StatusApproved)
	skip := len(h.store.Events())
	require.NoError(t, command.NewSendMemberResetLinkHandler(h.p).Handle(h.ctx,
		command.SendMemberResetLink{Principal: h.reviewer, MemberID: m.ID()}))
	assert.Equal(t, []string{"member.password_reset_requested"}, h.eventNames(skip))
	got, _, err := h.store.AuditLog().List(h.ctx, ports.AuditQuery{MemberID: m.ID()})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, audit.MemberSendReset, got[0].Action)
	assert.Equal(t, h.reviewer.ID, got[0].StaffID)
	assert.Equal(t, "203.0.113.9", got[0].Address)
	assert.Contains(t, got[0].Summary, m.Email())

	// A second link replaces the first: one live link per member.
	require.NoError(t, command.NewSendMemberResetLinkHandler(h.p).Handle(h.ctx,
		command.SendMemberResetLink{Principal: h.reviewer, MemberID: m.ID()}))
	n, err := h.store.Tokens().DeleteFor(h.ctx, auth.PurposePasswordReset, m.ID())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

// Five failed logins lock the account for the throttle's window; staff see it
// and unlock it, and the member logs in at once.
func TestUnlockMemberLogin(t *testing.T) {
	t.Parallel()
	h := newMemberHelp(t)
	m := h.member(member.Individual, "张三", member.StatusApproved)
	unlock := command.NewUnlockMemberLoginHandler(h.p)
	err := unlock.Handle(h.ctx, command.UnlockMemberLogin{Principal: h.reviewer, MemberID: m.ID()})
	wantErr(t, err, apperr.KindConflict, "not_locked")
	assert.Empty(t, h.actions())

	for range auth.AccountThrottle.MaxFailures {
		_, err := h.login().Handle(h.ctx, command.Login{Login: "张三", Password: "wrong-pass-1",
			CaptchaToken: h.pass(captcha.PurposeLogin)})
		require.Error(t, err)
	}
	_, err = h.login().Handle(h.ctx, command.Login{Login: "张三", Password: apptest.Password,
		CaptchaToken: h.pass(captcha.PurposeLogin)})
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	v := h.helpView(m.ID())
	assert.True(t, v.Locked)
	assert.Equal(t, auth.AccountThrottle.MaxFailures, v.FailedLogins)
	assert.True(t, v.LockedUntil.After(h.clock.Now()))

	require.NoError(t, unlock.Handle(h.ctx, command.UnlockMemberLogin{Principal: h.reviewer, MemberID: m.ID()}))
	assert.False(t, h.helpView(m.ID()).Locked)
	assert.Equal(t, []audit.Action{audit.MemberUnlockLogin}, h.actions())
	_, err = h.login().Handle(h.ctx, command.Login{Login: "张三", Password: apptest.Password,
		CaptchaToken: h.pass(captcha.PurposeLogin)})
	require.NoError(t, err, "the member logs in at once")
}

// An unverified member gets a new verification link; a verified one is told
// apart; the member's limits of such mails hold for staff too.
func TestResendMemberMail(t *testing.T) {
	t.Parallel()
	h := newMemberHelp(t)
	fresh := apptest.NewUnverifiedMember(t, member.Individual, "李四", h.clock.Now())
	require.NoError(t, h.store.Members().Add(h.ctx, fresh))
	verified := h.member(member.Individual, "张三", member.StatusRegistered)
	resend := command.NewResendMemberMailHandler(h.p)

	before := h.state(verified.ID())
	err := resend.Handle(h.ctx, command.ResendMemberMail{Principal: h.reviewer, MemberID: verified.ID()})
	wantErr(t, err, apperr.KindConflict, "email_already_verified")
	h.unchanged(before, verified.ID())

	// Registration sent the first mail a moment ago: one a minute at most.
	err = resend.Handle(h.ctx, command.ResendMemberMail{Principal: h.reviewer, MemberID: fresh.ID()})
	wantErr(t, err, apperr.KindThrottled, "verify_mail_throttled")
	h.clock.Advance(2 * time.Minute)
	skip := len(h.store.Events())
	require.NoError(t, resend.Handle(h.ctx, command.ResendMemberMail{Principal: h.reviewer, MemberID: fresh.ID()}))
	assert.Equal(t, []string{"member.email_verification_requested"}, h.eventNames(skip))
	assert.Equal(t, []audit.Action{audit.MemberResendMail}, h.actions())
}

// A login-email change waits for the link mailed to the new address; opening
// it changes the address (verified) once, and the old address is told
// (EmailChanged).
func TestChangeMemberEmail(t *testing.T) {
	t.Parallel()
	h := newMemberHelp(t)
	m := h.member(member.Individual, "张三", member.StatusApproved)
	other := h.member(member.Individual, "李四", member.StatusRegistered)
	change := command.NewChangeMemberEmailHandler(h.p)
	before := h.state(m.ID())
	for email, code := range map[string]string{"": "required", "not-an-email": "email_invalid",
		m.Email(): "email_unchanged", other.Email(): "email_taken"} {
		err := change.Handle(h.ctx, command.ChangeMemberEmail{Principal: h.reviewer, MemberID: m.ID(), NewEmail: email})
		require.Error(t, err, email)
		assert.Equal(t, code, fieldCodes(err)["email"], email)
	}
	h.unchanged(before, m.ID())
	assert.Empty(t, h.actions())

	skip := len(h.store.Events())
	require.NoError(t, change.Handle(h.ctx, command.ChangeMemberEmail{Principal: h.reviewer, MemberID: m.ID(),
		NewEmail: " New@Example.com "}))
	assert.Equal(t, []string{"member.email_change_requested"}, h.eventNames(skip))
	assert.Equal(t, m.Email(), h.get(m.ID()).Email(), "nothing changes before the confirmation")
	assert.Equal(t, []audit.Action{audit.MemberChangeEmail}, h.actions())
	req, ok := h.store.Events()[skip].Event.(member.EmailChangeRequested)
	require.True(t, ok)
	assert.Equal(t, "new@example.com", req.NewEmail)
	raw, err := h.store.Tokens().Peek(h.ctx, auth.PurposeEmailChangeLink, req.LinkID, h.clock.Now())
	require.NoError(t, err)

	confirm := command.NewConfirmEmailChangeHandler(h.store.Transactor(), h.store.Members(), h.store.Tokens(), h.clock)
	err = confirm.Handle(h.ctx, command.ConfirmEmailChange{Token: "forged"})
	wantErr(t, err, apperr.KindInvalid, auth.CodeEmailChangeLinkInvalid)
	h.clock.Advance(time.Hour)
	skip = len(h.store.Events())
	require.NoError(t, confirm.Handle(h.ctx, command.ConfirmEmailChange{Token: string(raw)}))
	got := h.get(m.ID())
	assert.Equal(t, "new@example.com", got.Email())
	assert.True(t, got.EmailVerified())
	assert.Equal(t, []string{"member.email_changed"}, h.eventNames(skip))
	err = confirm.Handle(h.ctx, command.ConfirmEmailChange{Token: string(raw)})
	wantErr(t, err, apperr.KindInvalid, auth.CodeEmailChangeLinkInvalid)
}
