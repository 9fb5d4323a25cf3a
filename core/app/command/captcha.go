// Package command holds the use cases that change state, one per file. Each is a
// small handler type with a Handle method; core/app wires them.
package command

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/ports"
)

// Token purposes in the TokenStore.
const (
	purposeCaptchaChallenge = "captcha_challenge"
	purposeCaptchaPass      = "captcha_pass"
	purposePasswordReset    = "password_reset"
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

// IssuedChallenge is what the browser receives.
type IssuedChallenge struct {
	ID         string
	Background []byte // PNG
	Piece      []byte // PNG, a PieceSize × Height strip
	Width      int
	Height     int
	PieceSize  int
	// TargetX is set only in test mode.
	TargetX *int
}

// Issue creates and stores a one-time challenge.
func (c *Captcha) Issue(ctx context.Context) (IssuedChallenge, error) {
	now := c.clock.Now()
	ch := captcha.NewChallenge(id.New(now), now)
	bg, piece, err := c.imager.Render(ch.Seed, ch.TargetX, ch.TargetY)
	if err != nil {
		return IssuedChallenge{}, apperr.Internal(fmt.Errorf("render captcha: %w", err))
	}
	payload, err := json.Marshal(ch)
	if err != nil {
		return IssuedChallenge{}, apperr.Internal(err)
	}
	if err := c.tokens.Put(ctx, purposeCaptchaChallenge, ch.ID, payload, ch.ExpiresAt); err != nil {
		return IssuedChallenge{}, apperr.Internal(fmt.Errorf("store captcha: %w", err))
	}
	out := IssuedChallenge{ID: ch.ID, Background: bg, Piece: piece,
		Width: captcha.Width, Height: captcha.Height, PieceSize: captcha.PieceSize}
	if c.testMode {
		x := ch.TargetX
		out.TargetX = &x
	}
	return out, nil
}

// Verify checks an answer to a challenge. The challenge is used up whatever the
// outcome; on success a single-use pass token is returned for the form.
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
	if err := c.tokens.Put(ctx, purposeCaptchaPass, auth.HashToken(pass), nil, now.Add(captcha.PassLife)); err != nil {
		return "", apperr.Internal(err)
	}
	return pass, nil
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

// DragDuration converts a browser-reported duration in milliseconds.
func DragDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
