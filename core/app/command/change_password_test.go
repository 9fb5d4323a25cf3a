package command_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) changePassword() *command.ChangePasswordHandler {
	return command.NewChangePasswordHandler(e.store.Members(), e.store.Staff(), e.store.Sessions(), e.store.Tokens(),
		apptest.Hasher{}, e.clock)
}

// sessions starts two sessions of p and returns their token hashes.
func (e *env) sessions(p access.Principal) (string, string) {
	e.t.Helper()
	a, _ := auth.NewSession(p, false, e.clock.Now())
	b, _ := auth.NewSession(p, true, e.clock.Now())
	require.NoError(e.t, e.store.Sessions().Create(e.ctx, a))
	require.NoError(e.t, e.store.Sessions().Create(e.ctx, b))
	return a.TokenHash, b.TokenHash
}

// live reports whether the session of a token hash is still on.
func (e *env) live(tokenHash string) bool {
	_, err := e.store.Sessions().Get(e.ctx, tokenHash, e.clock.Now())
	return err == nil
}

// A member with the right old password stores the new one (recording
// PasswordChanged); its other sessions end, the current one stays.
func TestChangePasswordOfAMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	current, other := e.sessions(apptest.MemberOf(m))
	skip := len(e.store.Events())

	require.NoError(t, e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: apptest.MemberOf(m),
		CurrentTokenHash: current, OldPassword: apptest.Password, NewPassword: "newpass1", NewConfirm: "newpass1"}))
	assert.Equal(t, "plain:newpass1", e.get(m.ID()).PasswordHash())
	assert.Equal(t, []string{"member.password_changed"}, e.eventNames(skip))
	assert.True(t, e.live(current))
	assert.False(t, e.live(other))
}

// Refusals: a malformed form, a new password equal to the old one, a wrong old
// password, nobody logged in. None changes the member or ends a session.
func TestChangePasswordRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	p := apptest.MemberOf(m)
	current, other := e.sessions(p)
	before := e.state(m.ID())
	change := func(p access.Principal, old, pw, confirm string) error {
		return e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: p, CurrentTokenHash: current,
			OldPassword: old, NewPassword: pw, NewConfirm: confirm})
	}

	err := change(p, "", "abc", "abd")
	assert.Equal(t, map[string]string{"old_password": "required", "new_password": "password_too_short",
		"new_password_confirm": "password_mismatch"}, fieldCodes(err))
	err = change(p, string(make([]byte, 129)), "newpass1", "newpass1")
	assert.Equal(t, map[string]string{"old_password": "too_long"}, fieldCodes(err))
	err = change(p, apptest.Password, apptest.Password, apptest.Password)
	assert.Equal(t, map[string]string{"new_password": "password_unchanged"}, fieldCodes(err))
	err = change(p, "wrong123", "newpass1", "newpass1")
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"old_password": "wrong_password"}, fieldCodes(err))
	err = change(access.Guest, apptest.Password, "newpass1", "newpass1")
	wantErr(t, err, apperr.KindUnauthorized, "login_required")

	e.unchanged(before, m.ID())
	assert.True(t, e.live(current))
	assert.True(t, e.live(other))
}

// A staff account changes its password the same way; its other sessions end.
func TestChangePasswordOfStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.staff("reviewer1", access.RoleReviewer)
	current, other := e.sessions(p)
	require.NoError(t, e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: p, CurrentTokenHash: current,
		OldPassword: apptest.Password, NewPassword: "newpass1234", NewConfirm: "newpass1234"}))
	s, err := e.store.Staff().Get(e.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "plain:newpass1234", s.PasswordHash())
	assert.True(t, e.live(current))
	assert.False(t, e.live(other))

	err = e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: p, CurrentTokenHash: current,
		OldPassword: apptest.Password, NewPassword: "third12345", NewConfirm: "third12345"})
	assert.Equal(t, map[string]string{"old_password": "wrong_password"}, fieldCodes(err))
	s, err = e.store.Staff().Get(e.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "plain:newpass1234", s.PasswordHash())

	// A staff password needs ten characters; a member's six are too few.
	err = e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: p, CurrentTokenHash: current,
		OldPassword: "newpass1234", NewPassword: "short123", NewConfirm: "short123"})
	assert.Equal(t, map[string]string{"new_password": "password_too_short"}, fieldCodes(err))
	assert.Equal(t, "工作人员密码至少10位，且须同时包含字母和数字", apperr.As(err).Fields[0].Message)
}

// racingHasher changes the member's password while the old one is being
// verified, as a second browser would.
type racingHasher struct {
	apptest.Hasher
	during func()
}

func (h racingHasher) Verify(hash, pw string) (bool, error) {
	h.during()
	return h.Hasher.Verify(hash, pw)
}

// A password changed elsewhere while the old one was verified is a Conflict:
// the other change stays.
func TestChangePasswordChangedMeanwhile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	race := racingHasher{during: func() {
		require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			m.ChangePassword("plain:elsewhere1", e.clock.Now())
			return nil
		}))
	}}
	h := command.NewChangePasswordHandler(e.store.Members(), e.store.Staff(), e.store.Sessions(), e.store.Tokens(),
		race, e.clock)
	err := h.Handle(e.ctx, command.ChangePassword{Principal: apptest.MemberOf(m), OldPassword: apptest.Password,
		NewPassword: "newpass1", NewConfirm: "newpass1"})
	wantErr(t, err, apperr.KindConflict, "password_changed_meanwhile")
	assert.Equal(t, "plain:elsewhere1", e.get(m.ID()).PasswordHash())
}

// A password change ends the member's reset link: a link sent before it cannot
// change the password again.
func TestChangePasswordEndsResetLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	token := e.requestReset(m)
	require.NoError(t, e.changePassword().Handle(e.ctx, command.ChangePassword{Principal: apptest.MemberOf(m),
		OldPassword: apptest.Password, NewPassword: "newpass1", NewConfirm: "newpass1"}))
	err := e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "other123",
		PasswordConfirm: "other123"})
	wantErr(t, err, apperr.KindInvalid, "reset_token_invalid")
	assert.Equal(t, "plain:newpass1", e.get(m.ID()).PasswordHash())
}
