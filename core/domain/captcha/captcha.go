// Package captcha holds the rules of the slider check (拖动滑块验证): the server issues
// a one-time challenge whose target position stays on the server; the answer is
// accepted only within a tolerance and after a plausible drag duration, and it
// yields a single-use pass token that guards one submission of the form the
// challenge was issued for.
package captcha

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Geometry and timing of the challenge.
const (
	Width     = 300 // background width in pixels
	Height    = 150 // background height in pixels
	PieceSize = 44  // side of the square piece
	Tolerance = 5   // accepted distance from the target, pixels

	MinDrag       = 300 * time.Millisecond // faster than a person can drag
	MaxDrag       = 60 * time.Second
	ChallengeLife = 2 * time.Minute // how long a challenge may be answered
	PassLife      = 5 * time.Minute // how long a pass token may be used
)

// ClockSlack is how much less than the claimed drag (and MinDrag) may have passed
// on the server between issuing a challenge and checking its answer, for clock
// granularity.
const ClockSlack = 100 * time.Millisecond

// Purpose is the form a slider check guards. A challenge is issued for one
// purpose and its pass is accepted by that form only, so a pass earned on one
// form (or by a solver fed one form's challenges) cannot be spent on another.
type Purpose string

// The forms the slider check guards.
const (
	PurposeRegister       Purpose = "register"
	PurposeLogin          Purpose = "login"
	PurposeStaffLogin     Purpose = "staff_login"
	PurposeForgotPassword Purpose = "forgot_password"
)

// ParsePurpose returns the purpose a client named; an unknown one is a field
// error on "purpose".
func ParsePurpose(s string) (Purpose, error) {
	switch p := Purpose(s); p {
	case PurposeRegister, PurposeLogin, PurposeStaffLogin, PurposeForgotPassword:
		return p, nil
	}
	const msg = "验证用途无效，请刷新页面后重试"
	e := apperr.New(apperr.KindInvalid, "purpose_invalid", msg)
	e.Fields = []apperr.FieldError{{Field: "purpose", Code: "purpose_invalid", Message: msg}}
	return "", e
}

// Challenge is one slider challenge. TargetX is never sent to the browser (except in
// the documented test mode).
type Challenge struct {
	ID        string    `json:"id"`
	Purpose   Purpose   `json:"purpose"`
	TargetX   int       `json:"target_x"`
	TargetY   int       `json:"target_y"`
	Seed      uint64    `json:"seed"` // drives the background picture
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// NewChallenge places the piece at a random position away from the left edge;
// the challenge's pass will guard the form of purpose only.
func NewChallenge(id string, purpose Purpose, now time.Time) Challenge {
	minX := PieceSize + 20
	maxX := Width - PieceSize - 10
	return Challenge{
		ID:        id,
		Purpose:   purpose,
		TargetX:   minX + randN(maxX-minX),
		TargetY:   10 + randN(Height-PieceSize-20),
		Seed:      randUint64(),
		IssuedAt:  now,
		ExpiresAt: now.Add(ChallengeLife),
	}
}

// Answer is what the browser reports: where the piece was dropped and how long the
// drag took.
type Answer struct {
	X        int
	Duration time.Duration
}

// Check verifies an answer. Each challenge is checked at most once by the caller
// (it is taken from the store), so a wrong answer needs a new challenge.
//
// The duration the browser reports is not taken on trust: the time that passed on
// the server since the challenge was issued must cover both MinDrag and the
// claimed duration (less ClockSlack), so an answer posted the instant the
// challenge is issued fails whatever it claims.
func (c Challenge) Check(a Answer, now time.Time) error {
	passed := now.Sub(c.IssuedAt) + ClockSlack
	switch {
	case !now.Before(c.ExpiresAt):
		return apperr.New(apperr.KindInvalid, "captcha_expired", "验证已过期，请重新拖动滑块")
	case a.Duration < MinDrag || a.Duration > MaxDrag:
		return apperr.New(apperr.KindInvalid, "captcha_failed", "验证失败，请重新拖动滑块")
	case passed < MinDrag || passed < a.Duration:
		return apperr.New(apperr.KindInvalid, "captcha_failed", "验证失败，请重新拖动滑块")
	case a.X < c.TargetX-Tolerance || a.X > c.TargetX+Tolerance:
		return apperr.New(apperr.KindInvalid, "captcha_failed", "验证失败，请重新拖动滑块")
	}
	return nil
}

// ErrRequired is returned when a guarded form arrives without a valid pass token.
func ErrRequired() error {
	e := apperr.New(apperr.KindInvalid, "captcha_required", "请先拖动滑块完成验证")
	e.Fields = []apperr.FieldError{{Field: "captcha", Code: "captcha_required", Message: "请先拖动滑块完成验证"}}
	return e
}

// randUint64 draws from crypto/rand: the target must be unpredictable to a client.
func randUint64() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms (Go 1.24+ panics instead)
	return binary.LittleEndian.Uint64(b[:])
}

// randN returns a uniform value in [0, n) for small n (the modulo bias of a
// 64-bit draw is negligible).
func randN(n int) int { return int(randUint64() % uint64(n)) }
