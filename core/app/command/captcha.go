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
// pass tokens it hands out. Each challenge is issued for one form (its purpose)
// and its pass is accepted by that form only; challenges are limited per client
// address.
type Captcha struct {
	tokens   ports.TokenStore
	imager   ports.CaptchaImager
	attempts ports.LoginAttempts
	clock    ports.Clock
	opts     CaptchaOptions
}

// CaptchaOptions tune the slider check.
type CaptchaOptions struct {
	// TestMode makes issued challenges carry their target position so automated
	// browser tests can solve them; the verification path is the same in both
	// modes. Never enable it in production.
	TestMode bool
	// Limit bounds the challenges one client address may ask for (default
	// auth.ChallengeThrottle).
	Limit auth.ThrottlePolicy
}

// NewCaptcha builds the slider check; attempts counts the challenges per
// address.
func NewCaptcha(tokens ports.TokenStore, imager ports.CaptchaImager, attempts ports.LoginAttempts, clock ports.Clock,
	opts CaptchaOptions) *Captcha {
	if opts.Limit.MaxFailures == 0 {
		opts.Limit = auth.ChallengeThrottle
	}
	return &Captcha{tokens: tokens, imager: imager, attempts: attempts, clock: clock, opts: opts}
}

// Consume uses up a pass token for the form of purpose; a missing, forged,
// reused or expired one, or one earned for another form, is refused with a field
// error on "captcha".
func (c *Captcha) Consume(ctx context.Context, purpose captcha.Purpose, pass string) error {
	if pass == "" || len(pass) > 128 {
		return captcha.ErrRequired()
	}
	earned, err := c.tokens.Take(ctx, purposeCaptchaPass, auth.HashToken(pass), c.clock.Now())
	if apperr.IsKind(err, apperr.KindNotFound) {
		return captcha.ErrRequired()
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if captcha.Purpose(earned) != purpose {
		return captcha.ErrRequired()
	}
	return nil
}
