package usecases_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// The drag duration a browser reports is checked against the time the server saw
// pass since it issued the challenge.
func TestSliderDragMustTakePlaceOnTheServersClock(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Date(2024, 5, 6, 9, 0, 0, 0, time.Local))
	env := membershiptest.New(t, membershiptest.WithClock(clock))

	refused := func(name string, wait, claim time.Duration) {
		t.Helper()
		ch, err := env.App.Captcha.Issue(ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
		require.NoError(t, err)
		clock.Advance(wait)
		_, err = env.App.Captcha.Verify(ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: claim})
		e := apperr.As(err)
		assert.Equal(t, "captcha_failed", e.Code, name)
		assert.Equal(t, apperr.KindInvalid, e.Kind, name)
		assert.Equal(t, "验证失败，请重新拖动滑块", e.Message, name)
	}
	refused("an 800 ms drag claimed the instant the challenge was issued", 0, 800*time.Millisecond)
	refused("an 800 ms drag claimed after 300 ms", 300*time.Millisecond, 800*time.Millisecond)
	refused("MinDrag claimed before MinDrag has passed", captcha.MinDrag-captcha.ClockSlack-time.Millisecond, captcha.MinDrag)

	accepted := func(name string, wait, claim time.Duration) {
		t.Helper()
		ch, err := env.App.Captcha.Issue(ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
		require.NoError(t, err)
		clock.Advance(wait)
		tok, err := env.App.Captcha.Verify(ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: claim})
		require.NoError(t, err, name)
		assert.NotEmpty(t, tok, name)
	}
	accepted("an 800 ms drag after 800 ms", 800*time.Millisecond, 800*time.Millisecond)
	accepted("a 300 ms drag after two seconds of looking", 2*time.Second, 300*time.Millisecond)
	accepted("within the clock slack", 800*time.Millisecond-captcha.ClockSlack, 800*time.Millisecond)

	// The test helper lets the drag pass on the clock, so it keeps working.
	assert.NotEmpty(t, env.PassCaptcha(t, captcha.PurposeLogin))
}
