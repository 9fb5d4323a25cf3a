package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
)

// A challenge carries its pictures and geometry; only test mode reveals where
// the piece goes, and every challenge is a new one.
func TestIssueCaptcha(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ch, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
	require.NoError(t, err)
	assert.NotEmpty(t, ch.ID)
	assert.Equal(t, []byte("background"), ch.Background)
	assert.Equal(t, []byte("piece"), ch.Piece)
	assert.Equal(t, [3]int{captcha.Width, captcha.Height, captcha.PieceSize}, [3]int{ch.Width, ch.Height, ch.PieceSize})
	require.NotNil(t, ch.TargetX, "test mode reveals the target")
	assert.True(t, *ch.TargetX > captcha.PieceSize && *ch.TargetX < captcha.Width-captcha.PieceSize, "%d", *ch.TargetX)

	other, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
	require.NoError(t, err)
	assert.NotEqual(t, ch.ID, other.ID)

	production := command.NewCaptcha(e.store.Tokens(), apptest.Imager{}, e.store.LoginAttempts(), e.clock,
		command.CaptchaOptions{})
	hidden, err := production.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
	require.NoError(t, err)
	assert.Nil(t, hidden.TargetX, "outside test mode the target stays on the server")
}

// A challenge names the form it is for; an unknown form is refused on
// "purpose". One address may ask for so many challenges in the window, then
// waits; other addresses and callers without one are not limited.
func TestIssueCaptchaPurposeAndLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, bad := range []captcha.Purpose{"", "admin", "LOGIN"} {
		_, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: bad, RemoteAddr: "10.0.0.1"})
		wantErr(t, err, apperr.KindInvalid, "purpose_invalid")
		assert.Equal(t, map[string]string{"purpose": "purpose_invalid"}, fieldCodes(err))
	}
	limit := auth.ThrottlePolicy{MaxFailures: 3, Window: 10 * time.Minute}
	c := command.NewCaptcha(e.store.Tokens(), apptest.Imager{}, e.store.LoginAttempts(), e.clock,
		command.CaptchaOptions{Limit: limit})
	issue := func(addr string) error {
		_, err := c.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeRegister, RemoteAddr: addr})
		return err
	}
	for range 3 {
		require.NoError(t, issue("10.0.0.2"))
	}
	err := issue("10.0.0.2")
	wantErr(t, err, apperr.KindThrottled, "captcha_throttled")
	assert.Equal(t, "获取验证过于频繁，请10分钟后再试", apperr.As(err).Message)
	require.NoError(t, issue("10.0.0.3"))
	require.NoError(t, issue(""), "no address: not limited")
	e.clock.Advance(limit.Window + time.Second)
	require.NoError(t, issue("10.0.0.2"), "the window has passed")
}
