package command

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/id"
)

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

// IssueCaptcha asks for a slider challenge.
type IssueCaptcha struct {
	Purpose    captcha.Purpose // the form the pass will guard
	RemoteAddr string          // the client's address, for the per-address limit
}

// Issue creates and stores a one-time challenge for a form. An unknown purpose
// is a field error on "purpose"; an address that asked for too many challenges
// waits (captcha_throttled).
func (c *Captcha) Issue(ctx context.Context, cmd IssueCaptcha) (IssuedChallenge, error) {
	purpose, err := captcha.ParsePurpose(string(cmd.Purpose))
	if err != nil {
		return IssuedChallenge{}, err
	}
	if _, err := reserveAddress(ctx, c.attempts, c.clock, "captcha", cmd.RemoteAddr, c.opts.Limit,
		"captcha_throttled", "获取验证过于频繁，请"); err != nil {
		return IssuedChallenge{}, err
	}
	now := c.clock.Now()
	ch := captcha.NewChallenge(id.New(now), purpose, now)
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
	if c.opts.TestMode {
		x := ch.TargetX
		out.TargetX = &x
	}
	return out, nil
}
