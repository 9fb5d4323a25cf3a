package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
)

// A right answer after a plausible drag yields a pass token; the challenge is
// used up whatever the answer.
func TestVerifyCaptcha(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ch, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
	require.NoError(t, err)
	e.clock.Advance(time.Second)
	right := captcha.Answer{X: *ch.TargetX + captcha.Tolerance, Duration: 800 * time.Millisecond}
	pass, err := e.captcha.Verify(e.ctx, ch.ID, right)
	require.NoError(t, err)
	assert.NotEmpty(t, pass)

	_, err = e.captcha.Verify(e.ctx, ch.ID, right)
	wantErr(t, err, apperr.KindInvalid, "captcha_expired")
}

// Wrong answers: off target, too fast a drag, a drag claimed longer than the
// time that passed on the server, an unknown or malformed challenge id, and a
// challenge answered after it expired. A failed challenge cannot be retried.
func TestVerifyCaptchaRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name   string
		wait   time.Duration
		answer func(target int) captcha.Answer
		code   string
	}{
		{"off target", time.Second, func(x int) captcha.Answer {
			return captcha.Answer{X: x + captcha.Tolerance + 1, Duration: 500 * time.Millisecond}
		}, "captcha_failed"},
		{"too fast a drag", time.Second, func(x int) captcha.Answer {
			return captcha.Answer{X: x, Duration: 100 * time.Millisecond}
		}, "captcha_failed"},
		{"answered at once", 0, func(x int) captcha.Answer {
			return captcha.Answer{X: x, Duration: 500 * time.Millisecond}
		}, "captcha_failed"},
		{"expired", captcha.ChallengeLife, func(x int) captcha.Answer {
			return captcha.Answer{X: x, Duration: 500 * time.Millisecond}
		}, "captcha_expired"},
	}
	for _, c := range cases {
		ch, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: captcha.PurposeLogin})
		require.NoError(t, err)
		e.clock.Advance(c.wait)
		_, err = e.captcha.Verify(e.ctx, ch.ID, c.answer(*ch.TargetX))
		wantErr(t, err, apperr.KindInvalid, c.code)
		_, err = e.captcha.Verify(e.ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: 500 * time.Millisecond})
		wantErr(t, err, apperr.KindInvalid, "captcha_expired")
	}
	_, err := e.captcha.Verify(e.ctx, "", captcha.Answer{})
	wantErr(t, err, apperr.KindInvalid, "captcha_failed")
	_, err = e.captcha.Verify(e.ctx, string(make([]byte, 65)), captcha.Answer{})
	wantErr(t, err, apperr.KindInvalid, "captcha_failed")
	_, err = e.captcha.Verify(e.ctx, "unknown", captcha.Answer{})
	wantErr(t, err, apperr.KindInvalid, "captcha_expired")
}

// The browser reports the drag in milliseconds.
func TestDragDuration(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 1500*time.Millisecond, command.DragDuration(1500))
}
