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
		c := captcha.NewChallenge("id", now)
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
	cases := []struct {
		name string
		a    captcha.Answer
		at   time.Time
		code string
	}{
		{"exact", captcha.Answer{X: 150, Duration: ok}, now, ""},
		{"within tolerance", captcha.Answer{X: 155, Duration: ok}, now, ""},
		{"within tolerance left", captcha.Answer{X: 145, Duration: ok}, now, ""},
		{"too far right", captcha.Answer{X: 156, Duration: ok}, now, "captcha_failed"},
		{"too far left", captcha.Answer{X: 144, Duration: ok}, now, "captcha_failed"},
		{"inhumanly fast", captcha.Answer{X: 150, Duration: 50 * time.Millisecond}, now, "captcha_failed"},
		{"too slow", captcha.Answer{X: 150, Duration: 2 * time.Minute}, now, "captcha_failed"},
		{"expired", captcha.Answer{X: 150, Duration: ok}, now.Add(captcha.ChallengeLife), "captcha_expired"},
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
	}
	req := apperr.As(captcha.ErrRequired())
	assert.Equal(t, "captcha", req.Fields[0].Field)
}
