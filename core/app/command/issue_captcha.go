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
