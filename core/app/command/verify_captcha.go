package command

import (
	"context"
	"encoding/json"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
)

// Verify checks an answer to a challenge. The challenge is used up whatever the
// outcome; on success a single-use pass token is returned for the form the
// challenge was issued for.
func (c *Captcha) Verify(ctx context.Context, challengeID string, a captcha.Answer) (string, error) {
	now := c.clock.Now()
	failed := apperr.New(apperr.KindInvalid, "captcha_failed", "验证失败，请重新拖动滑块")
	if challengeID == "" || len(challengeID) > 64 {
		return "", failed
	}
	raw, err := c.tokens.Take(ctx, purposeCaptchaChallenge, challengeID, now)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return "", apperr.New(apperr.KindInvalid, "captcha_expired", "验证已过期，请重新拖动滑块")
	} else if err != nil {
		return "", apperr.Internal(err)
	}
	var ch captcha.Challenge
	if err := json.Unmarshal(raw, &ch); err != nil {
		return "", apperr.Internal(err)
	}
	if err := ch.Check(a, now); err != nil {
		return "", err
	}
	pass := auth.NewToken()
	// The pass remembers the form it was earned for (Consume checks it).
	if err := c.tokens.Put(ctx, purposeCaptchaPass, auth.HashToken(pass), []byte(ch.Purpose),
		now.Add(captcha.PassLife)); err != nil {
		return "", apperr.Internal(err)
	}
	return pass, nil
}

// DragDuration converts a browser-reported duration in milliseconds.
func DragDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
