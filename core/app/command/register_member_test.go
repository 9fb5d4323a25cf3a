package command_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) registerMember() *command.RegisterMemberHandler {
	return command.NewRegisterMemberHandler(e.store.Members(), apptest.Hasher{}, e.captcha, e.clock)
}

func registration(kind, name, email, pass string) command.RegisterMember {
	return command.RegisterMember{Kind: kind, Name: name, Email: email, Password: "abc123", PasswordConfirm: "abc123",
		CaptchaToken: pass}
}

// A well-formed form with a slider pass stores the account, normalized, with
// the password hashed and the address not verified, and records Registered
// (the welcome email with the verification link follows).
func TestRegisterMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, err := e.registerMember().Handle(e.ctx, registration("enterprise", "  星河科技   有限公司 ", " Office@XingHe.example ",
		e.pass(captcha.PurposeRegister)))
	require.NoError(t, err)
	m := e.get(id)
	assert.Equal(t, member.Enterprise, m.Kind())
	assert.Equal(t, "星河科技 有限公司", m.Name())
	assert.Equal(t, "office@xinghe.example", m.Email())
	assert.Equal(t, "plain:abc123", m.PasswordHash())
	assert.Equal(t, member.StatusRegistered, m.Status())
	assert.Equal(t, e.clock.Now(), m.CreatedAt())
	assert.Equal(t, []string{"member.registered"}, e.eventNames(0))
	assert.False(t, m.EmailVerified())
}

// A malformed form is refused before the slider pass is spent, so the user can
// correct it with the same pass; nothing is stored.
func TestRegisterMemberRefusesAMalformedForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pass := e.pass(captcha.PurposeRegister)
	bad := command.RegisterMember{Kind: "company", Name: "", Email: "not-an-email", Password: "abc",
		PasswordConfirm: "abd", CaptchaToken: pass}
	_, err := e.registerMember().Handle(e.ctx, bad)
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"kind": "kind_invalid", "email": "email_invalid", "name": "required",
		"password": "password_too_short", "password_confirm": "password_mismatch"}, fieldCodes(err))
	assert.Empty(t, e.store.Events(), "nothing stored")

	_, err = e.registerMember().Handle(e.ctx, registration("individual", "张三", "z@example.com", pass))
	require.NoError(t, err, "the pass was not spent on the malformed form")
}

// Without a valid pass, or with a spent one, the form is refused on "captcha".
func TestRegisterMemberNeedsTheSliderPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, pass := range []string{"", "forged"} {
		_, err := e.registerMember().Handle(e.ctx, registration("individual", "张三", "z@example.com", pass))
		wantErr(t, err, apperr.KindInvalid, "captcha_required")
		assert.Equal(t, "captcha_required", fieldCodes(err)["captcha"])
	}
	pass := e.pass(captcha.PurposeRegister)
	_, err := e.registerMember().Handle(e.ctx, registration("individual", "张三", "z@example.com", pass))
	require.NoError(t, err)
	_, err = e.registerMember().Handle(e.ctx, registration("individual", "李四", "l@example.com", pass))
	wantErr(t, err, apperr.KindInvalid, "captcha_required")
	assert.Len(t, e.store.Events(), 1, "only the first registration is stored")
}

// A taken name (per kind) is refused on its field — names are public (会员查询)
// — whatever the email; the same name of the other kind is free.
func TestRegisterMemberRefusesATakenName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	taken := e.member(member.Individual, "张三", member.StatusRegistered)
	before := e.state(taken.ID())

	for _, addr := range []string{taken.Email(), "new@example.com"} {
		_, err := e.registerMember().Handle(e.ctx, registration("individual", "张三", addr, e.pass(captcha.PurposeRegister)))
		wantErr(t, err, apperr.KindInvalid, "invalid_input")
		assert.Equal(t, map[string]string{"name": "name_taken"}, fieldCodes(err), "the email is not judged: %s", addr)
		e.unchanged(before, taken.ID())
	}

	_, err := e.registerMember().Handle(e.ctx, registration("enterprise", "张三", "other@example.com", e.pass(captcha.PurposeRegister)))
	require.NoError(t, err, "names are unique per kind")
}

// A taken email is not revealed (issue 9, finding 9): the answer is a success
// with no identity, after the same password hash; nothing is stored but the
// attempt on the existing account, which mails its owner (at most once an
// hour). Case does not matter.
func TestRegisterMemberWithATakenEmailAnswersAsASuccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hasher := &countingHasher{}
	h := command.NewRegisterMemberHandler(e.store.Members(), hasher, e.captcha, e.clock)
	taken := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	events := len(e.store.Events())

	id, err := h.Handle(e.ctx, registration("individual", "李四", strings.ToUpper(taken.Email()), e.pass(captcha.PurposeRegister)))
	require.NoError(t, err)
	assert.Empty(t, id, "no account was made")
	assert.Equal(t, 1, hasher.hashes, "the password is hashed as for a new account")
	assert.Equal(t, []string{"member.registration_attempted"}, e.eventNames(events))
	ev := e.store.Events()[events]
	assert.Contains(t, string(ev.Payload), taken.ID(), "the attempt is the existing member's")
	found, err := e.store.Members().FindForLogin(e.ctx, "李四")
	require.NoError(t, err)
	assert.Empty(t, found, "nothing stored under the new name")
	got := e.get(taken.ID())
	assert.Equal(t, "星河科技有限公司", got.Name())
	assert.Equal(t, taken.PasswordHash(), got.PasswordHash(), "the account keeps its password")

	e.clock.Advance(30 * time.Minute)
	_, err = h.Handle(e.ctx, registration("individual", "王五", taken.Email(), e.pass(captcha.PurposeRegister)))
	require.NoError(t, err)
	assert.Len(t, e.store.Events(), events+1, "no second mail within the hour")
	e.clock.Advance(30 * time.Minute)
	_, err = h.Handle(e.ctx, registration("individual", "王五", taken.Email(), e.pass(captcha.PurposeRegister)))
	require.NoError(t, err)
	assert.Len(t, e.store.Events(), events+2)
}

// countingHasher is apptest.Hasher counting its hashes.
type countingHasher struct {
	apptest.Hasher
	hashes int
}

func (c *countingHasher) Hash(p string) (string, error) {
	c.hashes++
	return c.Hasher.Hash(p)
}
