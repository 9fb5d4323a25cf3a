package captcha_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
)

func TestChallengePlacement(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for range 500 {
		c := captcha.NewChallenge("id", captcha.PurposeRegister, now)
		assert.GreaterOrEqual(t, c.TargetX, captcha.PieceSize+20)
		assert.LessOrEqual(t, c.TargetX+captcha.PieceSize, captcha.Width)
		assert.GreaterOrEqual(t, c.TargetY, 0)
		assert.LessOrEqual(t, c.TargetY+captcha.PieceSize, captcha.Height)
		assert.Equal(t, now.Add(captcha.ChallengeLife), c.ExpiresAt)
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	now := time.Now()
	c := captcha.Challenge{ID: "x", TargetX: 150, TargetY: 40, IssuedAt: now, ExpiresAt: now.Add(captcha.ChallengeLife)}
	ok := 800 * time.Millisecond
	later := now.Add(ok) // the server has seen the whole claimed drag
	cases := []struct {
		name string
		a    captcha.Answer
		at   time.Time
		code string
	}{
		{"exact", captcha.Answer{X: 150, Duration: ok}, later, ""},
		{"within tolerance", captcha.Answer{X: 155, Duration: ok}, later, ""},
		{"within tolerance left", captcha.Answer{X: 145, Duration: ok}, later, ""},
		{"too far right", captcha.Answer{X: 156, Duration: ok}, later, "captcha_failed"},
		{"too far left", captcha.Answer{X: 144, Duration: ok}, later, "captcha_failed"},
		{"inhumanly fast", captcha.Answer{X: 150, Duration: 50 * time.Millisecond}, later, "captcha_failed"},
		{"too slow", captcha.Answer{X: 150, Duration: captcha.MaxDrag + time.Second}, now.Add(captcha.MaxDrag + time.Second), "captcha_failed"},
		{"expired", captcha.Answer{X: 150, Duration: ok}, now.Add(captcha.ChallengeLife), "captcha_expired"},
		// The claimed duration is checked against the time the server saw pass.
		{"answered the instant it was issued", captcha.Answer{X: 150, Duration: ok}, now, "captcha_failed"},
		{"claims more than has passed", captcha.Answer{X: 150, Duration: ok}, now.Add(ok - captcha.ClockSlack - time.Millisecond), "captcha_failed"},
		{"claim within the clock slack", captcha.Answer{X: 150, Duration: ok}, now.Add(ok - captcha.ClockSlack), ""},
		{"less than MinDrag has passed", captcha.Answer{X: 150, Duration: captcha.MinDrag}, now.Add(captcha.MinDrag - captcha.ClockSlack - time.Millisecond), "captcha_failed"},
		{"MinDrag claimed and passed", captcha.Answer{X: 150, Duration: captcha.MinDrag}, now.Add(captcha.MinDrag), ""},
		{"slow server, quick claim", captcha.Answer{X: 150, Duration: captcha.MinDrag}, now.Add(time.Minute), ""},
	}
	for _, tc := range cases {
		err := c.Check(tc.a, tc.at)
		if tc.code == "" {
			assert.NoError(t, err, tc.name)
			continue
		}
		e := apperr.As(err)
		assert.Equal(t, tc.code, e.Code, tc.name)
		assert.Equal(t, apperr.KindInvalid, e.Kind, tc.name)
		if tc.code == "captcha_failed" {
			assert.Equal(t, "验证失败，请重新拖动滑块", e.Message, tc.name)
		}
	}
	req := apperr.As(captcha.ErrRequired())
	assert.Equal(t, "captcha", req.Fields[0].Field)
}
