package usecases_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// The per-account limit counts failures against the account, not against the text
// typed: a member's registered name and its member number share one limit.
func TestLoginThrottleCountsTheAccountWhicheverWayItIsNamed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, failBy, thenBy string }{
		{"name then number", "甲公司", "20240001"},
		{"number then name", "20240001", "甲公司"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := &membershiptest.Clock{}
			clock.Set(time.Date(2024, 5, 6, 9, 0, 0, 0, time.Local))
			env := membershiptest.New(t, membershiptest.WithClock(clock))
			id := env.RegisterMember(t, "enterprise", "甲公司", "jia@example.com", "abc123")
			require.NoError(t, env.Module.Ports().Members.Update(ctx, id, func(_ context.Context, m *member.Member) error {
				return membertest.Approve(m, "20240001", clock.Now())
			}))
			try := func(login, pw, addr string) error {
				_, err := env.App.Commands.Login.Handle(ctx, command.Login{Login: login, Password: pw,
					CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin), RemoteAddr: addr})
				return err
			}
			// Each failure from its own address: only the account limit applies.
			for i := range 5 {
				err := try(tc.failBy, "wrong123", "10.0.1."+string(rune('1'+i)))
				require.Equal(t, "invalid_credentials", fieldCodes(err)["password"], "attempt %d", i+1)
			}
			e := apperr.As(try(tc.thenBy, "abc123", "10.0.2.1"))
			require.Equal(t, apperr.KindThrottled, e.Kind, "the account is locked whichever way it is named")
			assert.Equal(t, "login_throttled", e.Code)
			assert.Equal(t, "登录失败次数过多，请15分钟后再试", e.Message)
			assert.Greater(t, e.RetryAfter, 10*time.Minute)

			// An unknown login text is still throttled by the text.
			for range 5 {
				assert.Equal(t, "invalid_credentials", fieldCodes(try("乙公司", "abc123", "10.0.3.1"))["password"])
			}
			assert.True(t, apperr.IsKind(try("乙公司", "abc123", "10.0.3.2"), apperr.KindThrottled))

			// The window passes and the right password works by either name.
			clock.Advance(16 * time.Minute)
			assert.NoError(t, try(tc.thenBy, "abc123", "10.0.2.1"))
			assert.NoError(t, try(tc.failBy, "abc123", "10.0.2.1"))
		})
	}
}
