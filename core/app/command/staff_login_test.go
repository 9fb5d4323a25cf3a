package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
)

func (e *env) staffLogin() *command.StaffLoginHandler {
	return command.NewStaffLoginHandler(e.store.Staff(), e.store.Sessions(), apptest.Hasher{}, e.captcha, e.throttle(),
		e.clock)
}

// Staff log in by user name into a session that ends with the browser and
// carries their role.
func TestStaffLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.staff("finance1", access.RoleFinance)
	res, err := e.staffLogin().Handle(e.ctx, command.StaffLogin{Username: " finance1 ", Password: apptest.Password,
		CaptchaToken: e.pass(captcha.PurposeStaffLogin)})
	require.NoError(t, err)
	assert.Equal(t, p, res.Session.Principal)
	assert.False(t, res.Session.Persistent)
	assert.Equal(t, e.clock.Now().Add(auth.BrowserSessionFor), res.Session.ExpiresAt)
	stored, err := e.store.Sessions().Get(e.ctx, auth.HashToken(res.Token), e.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, p, stored.Principal)
}

// Refusals: a malformed form, no slider pass, an unknown user name, a wrong
// password; five failures lock the account even for the right password. None
// starts a session.
func TestStaffLoginRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.staff("finance1", access.RoleFinance)
	login := func(user, pw, pass string) error {
		_, err := e.staffLogin().Handle(e.ctx, command.StaffLogin{Username: user, Password: pw, CaptchaToken: pass,
			RemoteAddr: "10.0.0.1"})
		return err
	}
	pass := e.pass(captcha.PurposeStaffLogin)
	assert.Equal(t, map[string]string{"username": "required", "password": "required"}, fieldCodes(login(" ", "", pass)))
	assert.Equal(t, map[string]string{"username": "too_long", "password": "too_long"},
		fieldCodes(login(string(make([]rune, 51)), string(make([]byte, 129)), pass)))
	wantErr(t, login("finance1", apptest.Password, ""), apperr.KindInvalid, "captcha_required")
	assert.Equal(t, map[string]string{"password": "invalid_credentials"}, fieldCodes(login("nobody", "x", pass)),
		"an unknown username gets the answer of a wrong password")

	for range auth.AccountThrottle.MaxFailures {
		assert.Equal(t, map[string]string{"password": "invalid_credentials"}, fieldCodes(login("finance1", "wrong1", e.pass(captcha.PurposeStaffLogin))))
	}
	err := login("finance1", apptest.Password, e.pass(captcha.PurposeStaffLogin))
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Zero(t, e.dropSessions())
}

// An unknown user name is throttled by the name typed.
func TestStaffLoginThrottlesUnknownNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range auth.AccountThrottle.MaxFailures {
		_, err := e.staffLogin().Handle(e.ctx, command.StaffLogin{Username: "Ghost", Password: "x1",
			CaptchaToken: e.pass(captcha.PurposeStaffLogin)})
		assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"])
	}
	_, err := e.staffLogin().Handle(e.ctx, command.StaffLogin{Username: "ghost", Password: "x1", CaptchaToken: e.pass(captcha.PurposeStaffLogin)})
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
}

// An unknown username and a wrong password cost one password check each and get
// one answer: neither the message nor the time tells which accounts exist.
func TestStaffLoginChecksOnePasswordEitherWay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.staff("finance1", access.RoleFinance)
	hasher := &apptest.CountingHasher{}
	h := command.NewStaffLoginHandler(e.store.Staff(), e.store.Sessions(), hasher, e.captcha, e.throttle(), e.clock)
	var answers []error
	for _, user := range []string{"nobody", "finance1", "nobody2"} {
		before := hasher.Verifies()
		_, err := h.Handle(e.ctx, command.StaffLogin{Username: user, Password: "wrong1", CaptchaToken: e.pass(captcha.PurposeStaffLogin)})
		assert.Equal(t, int64(1), hasher.Verifies()-before, user)
		answers = append(answers, err)
	}
	assert.Equal(t, answers[1], answers[0])
	assert.Equal(t, answers[1], answers[2])
	assert.Equal(t, "账号或密码错误", apperr.As(answers[0]).Fields[0].Message)
}
