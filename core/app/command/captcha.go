package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/ports"
)

// Token purposes in the TokenStore.
const (
	purposeCaptchaChallenge = "captcha_challenge"
	purposeCaptchaPass      = "captcha_pass"
)

// Captcha issues and verifies slider challenges and guards forms with the single-use
// pass tokens it hands out.
type Captcha struct {
	tokens   ports.TokenStore
	imager   ports.CaptchaImager
	clock    ports.Clock
	testMode bool
}

// NewCaptcha builds the slider check. testMode makes issued challenges carry their
// target position so automated browser tests can solve them; the verification path
// is the same in both modes. Never enable it in production.
func NewCaptcha(tokens ports.TokenStore, imager ports.CaptchaImager, clock ports.Clock, testMode bool) *Captcha {
	return &Captcha{tokens: tokens, imager: imager, clock: clock, testMode: testMode}
}

// Consume uses up a pass token; a missing, forged, reused or expired one is refused
// with a field error on "captcha".
func (c *Captcha) Consume(ctx context.Context, pass string) error {
	if pass == "" || len(pass) > 128 {
		return captcha.ErrRequired()
	}
	_, err := c.tokens.Take(ctx, purposeCaptchaPass, auth.HashToken(pass), c.clock.Now())
	if apperr.IsKind(err, apperr.KindNotFound) {
		return captcha.ErrRequired()
	}
	if err != nil {
		return apperr.Internal(err)
	}
	return nil
}
