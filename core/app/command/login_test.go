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
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) login() *command.LoginHandler {
	return command.NewLoginHandler(e.store.Members(), e.store.Sessions(), apptest.Hasher{}, e.captcha, e.throttle(),
		e.clock)
}

// A member logs in by registered name or by member number; the session is
// stored (only its token's hash), ends with the browser unless 记住登录状态 is
// ticked, and carries the member's role.
func TestLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)

	res, err := e.login().Handle(e.ctx, command.Login{Login: " 星河科技有限公司 ", Password: apptest.Password,
		CaptchaToken: e.pass(captcha.PurposeLogin)})
	require.NoError(t, err)
	assert.Equal(t, access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleEnterprise},
		res.Session.Principal)
	assert.False(t, res.Session.Persistent)
	assert.Equal(t, e.clock.Now().Add(auth.BrowserSessionFor), res.Session.ExpiresAt)
	stored, err := e.store.Sessions().Get(e.ctx, auth.HashToken(res.Token), e.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, res.Session.Principal, stored.Principal)

	res, err = e.login().Handle(e.ctx, command.Login{Login: m.Number(), Password: apptest.Password, Remember: true,
		CaptchaToken: e.pass(captcha.PurposeLogin)})
	require.NoError(t, err, "the member number names the account too")
	assert.Equal(t, m.ID(), res.Session.Principal.ID)
	assert.True(t, res.Session.Persistent)
	assert.Equal(t, e.clock.Now().Add(auth.RememberFor), res.Session.ExpiresAt)
}

// Two accounts of one name (an enterprise and a person): the password decides
// which one logs in.
func TestLoginTriesEveryAccountOfTheName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "张三", member.StatusRegistered)
	hash, _ := apptest.Hasher{}.Hash("other456")
	person, err := member.Register(member.Registration{Kind: member.Individual, Name: "张三",
		Email: "person@example.com", PasswordHash: hash}, e.clock.Now())
	require.NoError(t, err)
	require.NoError(t, e.store.Members().Add(e.ctx, person))

	res, err := e.login().Handle(e.ctx, command.Login{Login: "张三", Password: "other456", CaptchaToken: e.pass(captcha.PurposeLogin)})
	require.NoError(t, err)
	assert.Equal(t, person.ID(), res.Session.Principal.ID)
	assert.Equal(t, access.RoleIndividual, res.Session.Principal.Role)
}

// Refusals: a malformed form (before the slider pass is spent), no pass, an
// unknown account, a wrong password. None starts a session.
func TestLoginRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Individual, "张三", member.StatusRegistered)
	pass := e.pass(captcha.PurposeLogin)

	_, err := e.login().Handle(e.ctx, command.Login{Login: " ", Password: "", CaptchaToken: pass})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"login": "required", "password": "required"}, fieldCodes(err))
	long := string(make([]rune, 101))
	_, err = e.login().Handle(e.ctx, command.Login{Login: "张" + long, Password: string(make([]byte, 129)),
		CaptchaToken: pass})
	assert.Equal(t, map[string]string{"login": "too_long", "password": "too_long"}, fieldCodes(err))

	_, err = e.login().Handle(e.ctx, command.Login{Login: "张三", Password: apptest.Password})
	wantErr(t, err, apperr.KindInvalid, "captcha_required")

	_, err = e.login().Handle(e.ctx, command.Login{Login: "李四", Password: apptest.Password, CaptchaToken: pass})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"password": "invalid_credentials"}, fieldCodes(err), "the pass was still unspent")
	unknown := err

	_, err = e.login().Handle(e.ctx, command.Login{Login: "张三", Password: "wrong123", CaptchaToken: e.pass(captcha.PurposeLogin)})
	assert.Equal(t, map[string]string{"password": "invalid_credentials"}, fieldCodes(err))
	assert.Equal(t, err, unknown, "an unknown account and a wrong password get one answer")
	assert.Equal(t, "账号或密码错误", apperr.As(err).Fields[0].Message)

	assert.Zero(t, e.dropSessions(), "no session was started")
}

// Five wrong passwords lock the account for the window, whichever way it is
// named and even with the right password then; the lock lifts when the window
// has passed, and a success forgets the failures.
func TestLoginIsThrottledPerAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	for range auth.AccountThrottle.MaxFailures {
		_, err := e.login().Handle(e.ctx, command.Login{Login: m.Number(), Password: "wrong123", CaptchaToken: e.pass(captcha.PurposeLogin)})
		assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"])
	}
	_, err := e.login().Handle(e.ctx, command.Login{Login: m.Name(), Password: apptest.Password, CaptchaToken: e.pass(captcha.PurposeLogin)})
	wantErr(t, err, apperr.KindThrottled, "login_throttled")
	assert.Positive(t, apperr.As(err).RetryAfter)
	assert.LessOrEqual(t, apperr.As(err).RetryAfter, auth.AccountThrottle.Window)

	e.clock.Advance(auth.AccountThrottle.Window)
	_, err = e.login().Handle(e.ctx, command.Login{Login: m.Name(), Password: apptest.Password, CaptchaToken: e.pass(captcha.PurposeLogin)})
	require.NoError(t, err, "the window has passed")

	for range 2 {
		for range auth.AccountThrottle.MaxFailures - 1 {
			_, err := e.login().Handle(e.ctx, command.Login{Login: m.Name(), Password: "wrong123", CaptchaToken: e.pass(captcha.PurposeLogin)})
			assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"])
		}
		_, err = e.login().Handle(e.ctx, command.Login{Login: m.Name(), Password: apptest.Password, CaptchaToken: e.pass(captcha.PurposeLogin)})
		require.NoError(t, err, "four failures do not lock, and a success forgets them")
	}
}

// A council member logs in with the council role.
func TestMemberRole(t *testing.T) {
	t.Parallel()
	council := member.Restore(member.Snapshot{ID: "c", Kind: member.Enterprise, Level: member.LevelCouncil})
	ordinary := member.Restore(member.Snapshot{ID: "o", Kind: member.Enterprise, Level: member.LevelOrdinary})
	person := member.Restore(member.Snapshot{ID: "p", Kind: member.Individual, Level: member.LevelIndividual})
	assert.Equal(t, access.RoleCouncil, command.MemberRole(council))
	assert.Equal(t, access.RoleEnterprise, command.MemberRole(ordinary))
	assert.Equal(t, access.RoleIndividual, command.MemberRole(person))
}

// An unknown account costs the same one password check as a wrong password (a
// check against a hash of no account), so the time of the answer does not tell
// which accounts exist either.
func TestLoginChecksOnePasswordEitherWay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Individual, "张三", member.StatusRegistered)
	hasher := &apptest.CountingHasher{}
	h := command.NewLoginHandler(e.store.Members(), e.store.Sessions(), hasher, e.captcha, e.throttle(), e.clock)
	for _, login := range []string{"李四", "张三", "GR999999"} {
		before := hasher.Verifies()
		_, err := h.Handle(e.ctx, command.Login{Login: login, Password: "wrong123", CaptchaToken: e.pass(captcha.PurposeLogin)})
		assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"], login)
		assert.Equal(t, int64(1), hasher.Verifies()-before, "%s: one password check", login)
	}
}
