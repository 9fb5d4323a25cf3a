package usecases_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

var ctx = context.Background()

func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		out[f.Field] = f.Code
	}
	return out
}

// The registration email carries the verification link and the login page;
// it goes to an address nobody has verified yet, so it does not echo the name
// the registrant typed (issue 9, finding 13).
func TestRegistrationSendsTheNotificationEmail(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	id := env.RegisterUnverified(t, "enterprise", "测试号科技有限公司", "boss@example.com", "abc123")
	assert.Len(t, id, 32)

	mail := env.Mailbox.WaitFor(t, "boss@example.com", "注册成功", 10*time.Second)
	assert.Contains(t, mail.Subject, "中国质量协会")
	assert.NotContains(t, mail.Text, "测试号科技有限公司")
	assert.Contains(t, mail.Text, "http://member.test/login")
	assert.Contains(t, mail.Text, "http://member.test/email/verify?token=")
}

func TestRegistrationBadInputStoresNothing(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "已注册企业", "taken@example.com", "abc123")
	env.RegisterMember(t, "individual", "张三", "zhang@example.com", "abc123")

	long := strings.Repeat("企", 101)
	cases := []struct {
		name string
		cmd  command.RegisterMember
		want map[string]string
	}{
		{"invalid email", command.RegisterMember{Kind: "enterprise", Name: "新企业", Email: "not-an-email", Password: "abc123", PasswordConfirm: "abc123"}, map[string]string{"email": "email_invalid"}},
		{"short password", command.RegisterMember{Kind: "enterprise", Name: "新企业", Email: "n@example.com", Password: "a1", PasswordConfirm: "a1"}, map[string]string{"password": "password_too_short"}},
		{"letters only", command.RegisterMember{Kind: "enterprise", Name: "新企业", Email: "n@example.com", Password: "abcdefg", PasswordConfirm: "abcdefg"}, map[string]string{"password": "password_weak"}},
		{"mismatch", command.RegisterMember{Kind: "enterprise", Name: "新企业", Email: "n@example.com", Password: "abc123", PasswordConfirm: "abc124"}, map[string]string{"password_confirm": "password_mismatch"}},
		{"duplicate name same kind", command.RegisterMember{Kind: "enterprise", Name: "已注册企业", Email: "n@example.com", Password: "abc123", PasswordConfirm: "abc123"}, map[string]string{"name": "name_taken"}},
		{"over-long name", command.RegisterMember{Kind: "enterprise", Name: long, Email: "n@example.com", Password: "abc123", PasswordConfirm: "abc123"}, map[string]string{"name": "name_length"}},
		{"unknown kind", command.RegisterMember{Kind: "robot", Name: "新企业", Email: "n@example.com", Password: "abc123", PasswordConfirm: "abc123"}, map[string]string{"kind": "kind_invalid"}},
	}
	for _, tc := range cases {
		tc.cmd.CaptchaToken = env.PassCaptcha(t, captcha.PurposeRegister)
		_, err := env.App.Commands.RegisterMember.Handle(ctx, tc.cmd)
		require.Error(t, err, tc.name)
		assert.Equal(t, apperr.KindInvalid, apperr.As(err).Kind, tc.name)
		got := fieldCodes(err)
		for f, code := range tc.want {
			assert.Equal(t, code, got[f], "%s: field %s in %v", tc.name, f, got)
		}
		for _, f := range apperr.As(err).Fields {
			assert.NotEmpty(t, f.Message)
		}
	}
	// Nothing was stored: the candidate email is still free.
	taken, err := env.Module.App().Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "enterprise",
		Name: "新企业", Email: "n@example.com", Password: "abc123", PasswordConfirm: "abc123", CaptchaToken: env.PassCaptcha(t, captcha.PurposeRegister)})
	require.NoError(t, err, "the rejected attempts stored nothing")
	assert.NotEmpty(t, taken)

	// Same name, other kind: allowed.
	env.RegisterMember(t, "individual", "已注册企业", "other@example.com", "abc123")

	// A taken email is not revealed (issue 9, finding 9): it answers as a new
	// account does, but makes none; its owner is told by mail.
	id, err := env.App.Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "individual", Name: "李四",
		Email: "TAKEN@example.com", Password: "abc123", PasswordConfirm: "abc123", CaptchaToken: env.PassCaptcha(t, captcha.PurposeRegister)})
	require.NoError(t, err, "a taken email answers as a new one")
	assert.Empty(t, id, "and makes no account")
	env.Mailbox.WaitFor(t, "taken@example.com", "有人尝试使用本邮箱注册", 10*time.Second)
}

func TestSliderTokensAreSingleUseAndUnforgeable(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	reg := command.RegisterMember{Kind: "individual", Name: "王五", Email: "w@example.com", Password: "abc123", PasswordConfirm: "abc123"}

	reg.CaptchaToken = "forged-token"
	_, err := env.App.Commands.RegisterMember.Handle(ctx, reg)
	assert.Equal(t, "captcha_required", fieldCodes(err)["captcha"])

	reg.CaptchaToken = ""
	_, err = env.App.Commands.RegisterMember.Handle(ctx, reg)
	assert.Equal(t, "captcha_required", fieldCodes(err)["captcha"])

	tok := env.PassCaptcha(t, captcha.PurposeRegister)
	reg.CaptchaToken = tok
	_, err = env.App.Commands.RegisterMember.Handle(ctx, reg)
	require.NoError(t, err)
	reg.Email, reg.Name = "w2@example.com", "王六"
	_, err = env.App.Commands.RegisterMember.Handle(ctx, reg)
	assert.Equal(t, "captcha_required", fieldCodes(err)["captcha"], "a used pass token is refused")

	// A challenge can be answered once; a wrong answer uses it up.
	ch, err := env.App.Captcha.Issue(ctx, command.IssueCaptcha{Purpose: captcha.PurposeRegister})
	require.NoError(t, err)
	_, err = env.App.Captcha.Verify(ctx, ch.ID, answer(*ch.TargetX+30))
	assert.Equal(t, "captcha_failed", apperr.As(err).Code)
	_, err = env.App.Captcha.Verify(ctx, ch.ID, answer(*ch.TargetX))
	assert.Equal(t, "captcha_expired", apperr.As(err).Code, "a challenge cannot be retried")
}

func TestLoginByNameOrNumberAndSessions(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	id := env.RegisterMember(t, "enterprise", "测试号", "t@example.com", "abc123")
	// Give the member a number as approval would.
	require.NoError(t, env.Module.Ports().Members.Update(ctx, id, func(_ context.Context, m *member.Member) error {
		return membertest.Approve(m, "19141263", time.Now())
	}))

	for _, login := range []string{"测试号", "19141263", "  测试号 "} {
		res, err := env.App.Commands.Login.Handle(ctx, command.Login{Login: login, Password: "abc123",
			CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin), RemoteAddr: "10.0.0.1"})
		require.NoError(t, err, login)
		assert.Equal(t, id, res.Session.Principal.ID)
		assert.Equal(t, access.RoleEnterprise, res.Session.Principal.Role)
		s, err := env.App.Queries.CurrentSession.Handle(ctx, res.Token)
		require.NoError(t, err)
		assert.Equal(t, id, s.Principal.ID)
	}

	remembered, err := env.App.Commands.Login.Handle(ctx, command.Login{Login: "测试号", Password: "abc123", Remember: true,
		CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	require.NoError(t, err)
	assert.True(t, remembered.Session.Persistent)
	assert.WithinDuration(t, time.Now().Add(auth.RememberFor), remembered.Session.ExpiresAt, time.Minute)

	require.NoError(t, env.App.Commands.Logout.Handle(ctx, command.Logout{TokenHash: remembered.Session.TokenHash}))
	_, err = env.App.Queries.CurrentSession.Handle(ctx, remembered.Token)
	assert.True(t, apperr.IsKind(err, apperr.KindUnauthorized))

	_, err = env.App.Commands.Login.Handle(ctx, command.Login{Login: "无此企业", Password: "abc123", CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"], "one answer for an unknown account")
	_, err = env.App.Commands.Login.Handle(ctx, command.Login{Login: "测试号", Password: "wrong123", CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	assert.Equal(t, "invalid_credentials", fieldCodes(err)["password"], "and a wrong password")
	_, err = env.App.Commands.Login.Handle(ctx, command.Login{Login: "测试号", Password: "abc123", CaptchaToken: "reused"})
	assert.Equal(t, "captcha_required", fieldCodes(err)["captcha"])
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "individual", "赵六", "z@example.com", "abc123")
	try := func(login, pw, addr string) error {
		_, err := env.App.Commands.Login.Handle(ctx, command.Login{Login: login, Password: pw,
			CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin), RemoteAddr: addr})
		return err
	}
	for i := range 5 {
		err := try("赵六", "wrong123", "10.0.0.2")
		require.Equal(t, "invalid_credentials", fieldCodes(err)["password"], "attempt %d", i+1)
	}
	err := try("赵六", "abc123", "10.0.0.3")
	e := apperr.As(err)
	require.Equal(t, apperr.KindThrottled, e.Kind, "the account is locked even with the right password")
	assert.Contains(t, e.Message, "分钟后再试")
	assert.Greater(t, e.RetryAfter, 10*time.Minute)

	// Per address: 20 failures from one address block other accounts from it too.
	for i := range 20 {
		_ = try("不存在的账号"+string(rune('A'+i)), "x1y2z3", "10.9.9.9")
	}
	env.RegisterMember(t, "individual", "钱七", "q@example.com", "abc123")
	assert.True(t, apperr.IsKind(try("钱七", "abc123", "10.9.9.9"), apperr.KindThrottled))
	assert.NoError(t, try("钱七", "abc123", "10.1.1.1"), "another address is not affected")
}

func TestPasswordResetLinkIsSingleUse(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "individual", "孙八", "sun@example.com", "abc123")

	err := env.App.Commands.RequestPasswordReset.Handle(ctx, command.RequestPasswordReset{Email: "nobody@example.com", CaptchaToken: env.PassCaptcha(t, captcha.PurposeForgotPassword)})
	assert.NoError(t, err, "an unknown address gets the same answer (and no mail)")

	require.NoError(t, env.App.Commands.RequestPasswordReset.Handle(ctx, command.RequestPasswordReset{
		Email: "SUN@example.com", CaptchaToken: env.PassCaptcha(t, captcha.PurposeForgotPassword)}))
	mail := env.Mailbox.WaitFor(t, "sun@example.com", "重置密码", 10*time.Second)
	i := strings.Index(mail.Text, "token=")
	require.Positive(t, i, mail.Text)
	token := strings.Fields(mail.Text[i+len("token="):])[0]

	err = env.App.Commands.ResetPassword.Handle(ctx, command.ResetPassword{Token: token, Password: "abc", PasswordConfirm: "abc"})
	assert.Equal(t, "password_too_short", fieldCodes(err)["password"], "a bad password does not use up the token")
	require.NoError(t, env.App.Commands.ResetPassword.Handle(ctx, command.ResetPassword{Token: token, Password: "new456", PasswordConfirm: "new456"}))
	err = env.App.Commands.ResetPassword.Handle(ctx, command.ResetPassword{Token: token, Password: "new789", PasswordConfirm: "new789"})
	assert.Equal(t, "reset_token_invalid", apperr.As(err).Code)
	err = env.App.Commands.ResetPassword.Handle(ctx, command.ResetPassword{Token: "forged", Password: "new789", PasswordConfirm: "new789"})
	assert.Equal(t, "reset_token_invalid", apperr.As(err).Code)

	_, err = env.App.Commands.Login.Handle(ctx, command.Login{Login: "孙八", Password: "new456", CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	assert.NoError(t, err)
}

func TestExpiredResetLinkIsRefused(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Now())
	env := membershiptest.New(t, membershiptest.WithClock(clock))
	env.RegisterMember(t, "individual", "周九", "zhou@example.com", "abc123")
	require.NoError(t, env.App.Commands.RequestPasswordReset.Handle(ctx, command.RequestPasswordReset{
		Email: "zhou@example.com", CaptchaToken: env.PassCaptcha(t, captcha.PurposeForgotPassword)}))
	mail := env.Mailbox.WaitFor(t, "zhou@example.com", "重置密码", 10*time.Second)
	token := strings.Fields(mail.Text[strings.Index(mail.Text, "token=")+6:])[0]
	clock.Advance(auth.ResetTokenFor + time.Second)
	err := env.App.Commands.ResetPassword.Handle(ctx, command.ResetPassword{Token: token, Password: "new456", PasswordConfirm: "new456"})
	assert.Equal(t, "reset_token_invalid", apperr.As(err).Code)
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "改密企业", "c@example.com", "abc123")
	login := func(pw string) (command.LoginResult, error) {
		return env.App.Commands.Login.Handle(ctx, command.Login{Login: "改密企业", Password: pw, CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	}
	a, err := login("abc123")
	require.NoError(t, err)
	b, err := login("abc123")
	require.NoError(t, err)

	change := command.ChangePassword{Principal: a.Session.Principal, CurrentTokenHash: a.Session.TokenHash,
		OldPassword: "wrong1", NewPassword: "new456", NewConfirm: "new456"}
	assert.Equal(t, "wrong_password", fieldCodes(env.App.Commands.ChangePassword.Handle(ctx, change))["old_password"])
	change.OldPassword = "abc123"
	change.NewConfirm = "new457"
	assert.Equal(t, "password_mismatch", fieldCodes(env.App.Commands.ChangePassword.Handle(ctx, change))["new_password_confirm"])
	change.NewConfirm = "new456"
	require.NoError(t, env.App.Commands.ChangePassword.Handle(ctx, change))

	_, err = env.App.Queries.CurrentSession.Handle(ctx, a.Token)
	assert.NoError(t, err, "the session that changed the password stays")
	_, err = env.App.Queries.CurrentSession.Handle(ctx, b.Token)
	assert.Error(t, err, "other sessions end")
	_, err = login("abc123")
	assert.Error(t, err)
	_, err = login("new456")
	assert.NoError(t, err)
}

func TestStaffAccountsAndPolicies(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.CreateStaff(t, "finance1", "finance", "staff12345")
	_, err := env.App.Commands.CreateStaff.Handle(ctx, command.CreateStaff{Username: "finance1", Role: "finance", Password: "staff12345"})
	assert.Equal(t, "username_taken", fieldCodes(err)["username"])
	_, err = env.App.Commands.CreateStaff.Handle(ctx, command.CreateStaff{Username: "x1", Role: "enterprise", Password: "staff12345"})
	assert.Equal(t, "role_invalid", fieldCodes(err)["role"])

	res, err := env.App.Commands.StaffLogin.Handle(ctx, command.StaffLogin{Username: "finance1", Password: "staff12345", CaptchaToken: env.PassCaptcha(t, captcha.PurposeStaffLogin)})
	require.NoError(t, err)
	assert.Equal(t, access.RoleFinance, res.Session.Principal.Role)
	assert.False(t, res.Session.Persistent)
	ok, err := env.App.Can(res.Session.Principal, access.ApproveMembership)
	require.NoError(t, err)
	assert.False(t, ok, "finance may not approve membership")
	_, err = env.App.Queries.MemberDashboard.Handle(ctx, res.Session.Principal)
	assert.Error(t, err, "a staff principal has no member dashboard")
}

func TestConcurrentRegistrationsOfOneNameStoreOne(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	const n = 8
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = env.PassCaptcha(t, captcha.PurposeRegister)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = env.App.Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "enterprise",
				Name: "抢注企业", Email: "race" + string(rune('a'+i)) + "@example.com", Password: "abc123",
				PasswordConfirm: "abc123", CaptchaToken: tokens[i]})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		assert.True(t, apperr.IsKind(err, apperr.KindConflict) || apperr.IsKind(err, apperr.KindInvalid), err)
	}
	assert.Equal(t, 1, ok)
}
