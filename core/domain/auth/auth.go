// Package auth holds the rules of sessions, password-reset tokens and login
// throttling.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/access"
)

// Session lifetimes.
const (
	// RememberFor is how long a session lasts with 「记住登录状态」 ticked.
	RememberFor = 30 * 24 * time.Hour
	// BrowserSessionFor bounds a session without it on the server side; the cookie
	// itself ends with the browser.
	BrowserSessionFor = 12 * time.Hour
	// ResetTokenFor is how long a password-reset link stays valid.
	ResetTokenFor = time.Hour
)

// Token purposes of password resets (ports.TokenStore). A reset link's token is
// kept under PurposePasswordReset, hashed, for its member. The raw token, which
// only the email may carry, waits under PurposeResetLink (keyed by the link id
// that the PasswordResetRequested event carries instead of the token) for the
// mail handler, which reads it to write the email and then removes it: so the
// token crosses neither the outbox nor a message broker.
const (
	PurposePasswordReset = "password_reset"
	PurposeResetLink     = "password_reset_link"
)

// Session is a logged-in session, stored server-side so that several instances
// share it. Only the hash of the token is stored.
type Session struct {
	TokenHash  string
	Principal  access.Principal
	Persistent bool
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// NewSession starts a session for a principal and returns it with the raw token to
// put in the cookie.
func NewSession(p access.Principal, remember bool, now time.Time) (Session, string) {
	token := NewToken()
	life := BrowserSessionFor
	if remember {
		life = RememberFor
	}
	return Session{TokenHash: HashToken(token), Principal: p, Persistent: remember,
		CreatedAt: now, ExpiresAt: now.Add(life)}, token
}

// Expired reports whether the session is over.
func (s Session) Expired(now time.Time) bool { return !now.Before(s.ExpiresAt) }

// NewToken returns a random 256-bit URL-safe token.
func NewToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Errorf("crypto/rand failed: %w", err))
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 of a token; tokens are stored only hashed.
func HashToken(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// ThrottlePolicy limits attempts (failed logins, reset confirmations, slider
// challenges) within a window.
type ThrottlePolicy struct {
	MaxFailures int
	Window      time.Duration
}

// Default throttling: per account 5 failures in 15 minutes, per address 20;
// per address 30 slider challenges in 10 minutes (a person needs a few per form:
// a wrong drag or a refresh asks for a new one).
var (
	AccountThrottle   = ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	AddressThrottle   = ThrottlePolicy{MaxFailures: 20, Window: 15 * time.Minute}
	ChallengeThrottle = ThrottlePolicy{MaxFailures: 30, Window: 10 * time.Minute}
)

// RetryAfter returns how long to wait before the next attempt, given the number of
// failures within the window and the time of the oldest counted one; zero means an
// attempt is allowed.
func (p ThrottlePolicy) RetryAfter(failures int, oldest, now time.Time) time.Duration {
	if failures < p.MaxFailures {
		return 0
	}
	wait := oldest.Add(p.Window).Sub(now)
	if wait < time.Second {
		return time.Second
	}
	return wait
}
