package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

func (e *env) resetPassword() *command.ResetPasswordHandler {
	return e.resetPasswordWith(apptest.Hasher{})
}

func (e *env) resetPasswordWith(h ports.PasswordHasher) *command.ResetPasswordHandler {
	return command.NewResetPasswordHandler(e.store.Transactor(), e.store.Members(), e.store.Tokens(),
		e.store.Sessions(), h, e.throttle(), e.clock)
}

// The link's token sets the new password once, ends every session of the
// member and records PasswordChanged; the link cannot be used again.
func TestResetPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	s, _ := auth.NewSession(apptest.MemberOf(m), true, e.clock.Now())
	require.NoError(t, e.store.Sessions().Create(e.ctx, s))
	token := e.requestReset(m)
	skip := len(e.store.Events())

	require.NoError(t, e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "newpass1",
		PasswordConfirm: "newpass1"}))
	assert.Equal(t, "plain:newpass1", e.get(m.ID()).PasswordHash())
	assert.Equal(t, []string{"member.password_changed"}, e.eventNames(skip))
	_, err := e.store.Sessions().Get(e.ctx, s.TokenHash, e.clock.Now())
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "every session ended: %v", err)

	err = e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "again123",
		PasswordConfirm: "again123"})
	wantErr(t, err, apperr.KindInvalid, "reset_token_invalid")
	assert.Equal(t, "plain:newpass1", e.get(m.ID()).PasswordHash())
}

// A bad new password is refused before the token is looked at (the link stays
// usable); an unknown, malformed or expired token is refused on "token". None
// changes the member.
func TestResetPasswordRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	token := e.requestReset(m)
	before := e.state(m.ID())

	err := e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "short", PasswordConfirm: "x"})
	assert.Equal(t, map[string]string{"password": "password_too_short", "password_confirm": "password_mismatch"},
		fieldCodes(err))
	for _, bad := range []string{"", "unknown", string(make([]byte, 129))} {
		err = e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: bad, Password: "newpass1",
			PasswordConfirm: "newpass1"})
		wantErr(t, err, apperr.KindInvalid, "reset_token_invalid")
		assert.Equal(t, "reset_token_invalid", fieldCodes(err)["token"])
	}
	e.unchanged(before, m.ID())

	e.clock.Advance(auth.ResetTokenFor)
	err = e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "newpass1",
		PasswordConfirm: "newpass1"})
	wantErr(t, err, apperr.KindInvalid, "reset_token_invalid")
	e.unchanged(before, m.ID())
}

// The token is used up in the member's transaction: if the member cannot be
// updated the link stays usable.
func TestResetPasswordKeepsTheLinkWhenTheUpdateFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token := "link-token"
	require.NoError(t, e.store.Tokens().Put(e.ctx, "password_reset", auth.HashToken(token), []byte("gone"),
		e.clock.Now().Add(auth.ResetTokenFor)))
	err := e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: "newpass1",
		PasswordConfirm: "newpass1"})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
	payload, err := e.store.Tokens().Take(e.ctx, "password_reset", auth.HashToken(token), e.clock.Now())
	require.NoError(t, err, "the token was not spent")
	assert.Equal(t, "gone", string(payload))
}

// A made-up token costs no password hash: the token is looked up first and only
// a live one pays for the hash. Each try counts against the client's address;
// over the limit the address waits (reset_throttled), and a successful reset is
// given back.
func TestResetPasswordLooksTheTokenUpBeforeHashing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	hasher := &apptest.CountingHasher{}
	h := e.resetPasswordWith(hasher)
	try := func(token, addr string) error {
		return h.Handle(e.ctx, command.ResetPassword{Token: token, Password: "newpass1", PasswordConfirm: "newpass1",
			RemoteAddr: addr})
	}
	for i := range auth.AddressThrottle.MaxFailures - 1 {
		wantErr(t, try("made-up-"+string(rune('a'+i)), "10.0.0.1"), apperr.KindInvalid, "reset_token_invalid")
	}
	assert.Zero(t, hasher.Hashes(), "no hash for a token that is not live")

	require.NoError(t, try(e.requestReset(m), "10.0.0.1"), "the last try of the address")
	assert.Equal(t, int64(1), hasher.Hashes(), "a live token pays for its hash")
	wantErr(t, try("made-up-z", "10.0.0.1"), apperr.KindInvalid, "reset_token_invalid")
	err := try("made-up-y", "10.0.0.1")
	wantErr(t, err, apperr.KindThrottled, "reset_throttled")
	assert.Contains(t, apperr.As(err).Message, "分钟后再试")
	wantErr(t, try("made-up-x", "10.0.0.2"), apperr.KindInvalid, "reset_token_invalid")
	assert.Equal(t, int64(1), hasher.Hashes())
}

// A member has one live reset link: a newer request replaces the older link,
// and a reset ends every link of the member.
func TestResetLinksAreOnePerMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	other := e.member(member.Individual, "李四", member.StatusRegistered)
	older := e.requestReset(m)
	theirs := e.requestReset(other)
	newer := e.requestReset(m)
	reset := func(token, pw string) error {
		return e.resetPassword().Handle(e.ctx, command.ResetPassword{Token: token, Password: pw, PasswordConfirm: pw})
	}
	wantErr(t, reset(older, "newpass1"), apperr.KindInvalid, "reset_token_invalid")
	require.NoError(t, reset(newer, "newpass2"))
	assert.Equal(t, "plain:newpass2", e.get(m.ID()).PasswordHash())
	require.NoError(t, reset(theirs, "newpass3"), "another member's link is their own")
	n, err := e.store.Tokens().DeleteFor(e.ctx, "password_reset", m.ID())
	require.NoError(t, err)
	assert.Zero(t, n, "no link of the member is left")
}
