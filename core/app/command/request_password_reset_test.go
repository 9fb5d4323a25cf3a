package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) requestPasswordReset() *command.RequestPasswordResetHandler {
	return command.NewRequestPasswordResetHandler(e.store.Members(), e.store.Tokens(), e.captcha, e.clock)
}

// requestReset asks for a reset link for the member's email and returns the
// raw token the emailed link carries (where the mail handler reads it: the
// token store, under the link id of the recorded event).
func (e *env) requestReset(m *member.Member) string {
	e.t.Helper()
	skip := len(e.store.Events())
	require.NoError(e.t, e.requestPasswordReset().Handle(e.ctx, command.RequestPasswordReset{Email: m.Email(),
		CaptchaToken: e.pass(captcha.PurposeForgotPassword)}))
	events := e.store.Events()[skip:]
	require.Len(e.t, events, 1)
	ev, ok := events[0].Event.(member.PasswordResetRequested)
	require.True(e.t, ok, "%T", events[0].Event)
	raw, err := e.store.Tokens().Peek(e.ctx, auth.PurposeResetLink, ev.LinkID, e.clock.Now())
	require.NoError(e.t, err)
	return string(raw)
}

// A registered email gets a single-use link valid for an hour: the token is
// stored hashed for the member; the event that mails it carries the link's id,
// and the raw token waits under that id for the mail handler, never in the
// event.
func TestRequestPasswordReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	skip := len(e.store.Events())
	require.NoError(t, e.requestPasswordReset().Handle(e.ctx, command.RequestPasswordReset{
		Email: "  " + m.Email() + " ", CaptchaToken: e.pass(captcha.PurposeForgotPassword)}))
	events := e.store.Events()[skip:]
	require.Len(t, events, 1)
	ev := events[0].Event.(member.PasswordResetRequested)
	assert.Equal(t, m.ID(), ev.MemberID)
	assert.Equal(t, e.clock.Now().Add(auth.ResetTokenFor), ev.ExpiresAt)

	assert.NotContains(t, string(events[0].Payload), `"token"`, "the event carries no token")
	raw, err := e.store.Tokens().Take(e.ctx, auth.PurposeResetLink, ev.LinkID, e.clock.Now())
	require.NoError(t, err)
	assert.NotContains(t, string(events[0].Payload), string(raw))
	payload, err := e.store.Tokens().Take(e.ctx, "password_reset", auth.HashToken(string(raw)), e.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, m.ID(), string(payload))
}

// Refusals: a malformed email (the pass stays unspent), no pass, an unknown
// email. None stores a token or records an event.
func TestRequestPasswordResetRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	before := e.state(m.ID())
	pass := e.pass(captcha.PurposeForgotPassword)

	err := e.requestPasswordReset().Handle(e.ctx, command.RequestPasswordReset{Email: "nope", CaptchaToken: pass})
	assert.Equal(t, map[string]string{"email": "email_invalid"}, fieldCodes(err))
	err = e.requestPasswordReset().Handle(e.ctx, command.RequestPasswordReset{Email: m.Email()})
	wantErr(t, err, apperr.KindInvalid, "captcha_required")
	err = e.requestPasswordReset().Handle(e.ctx, command.RequestPasswordReset{Email: "who@example.com",
		CaptchaToken: pass})
	require.NoError(t, err, "an unknown address gets the answer of a registered one")
	e.unchanged(before, m.ID())
	n, err := e.store.Tokens().DeleteExpired(e.ctx, e.clock.Now().AddDate(1, 0, 0))
	require.NoError(t, err)
	assert.Zero(t, n, "no reset token was stored")
}
