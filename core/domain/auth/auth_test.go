package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
)

func TestSessionLifetimes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := access.Principal{Kind: access.PrincipalMember, ID: "m"}
	s, tok := auth.NewSession(p, true, now)
	assert.Equal(t, now.Add(30*24*time.Hour), s.ExpiresAt)
	assert.True(t, s.Persistent)
	assert.Equal(t, auth.HashToken(tok), s.TokenHash)
	assert.NotEqual(t, tok, s.TokenHash, "only the hash is stored")
	assert.False(t, s.Expired(now.Add(29*24*time.Hour)))
	assert.True(t, s.Expired(now.Add(30*24*time.Hour)))

	b, tok2 := auth.NewSession(p, false, now)
	assert.NotEqual(t, tok, tok2)
	assert.False(t, b.Persistent)
	assert.Equal(t, now.Add(auth.BrowserSessionFor), b.ExpiresAt)
	assert.Len(t, tok, 43)
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := auth.ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	assert.Zero(t, p.RetryAfter(4, now.Add(-time.Minute), now))
	assert.Equal(t, 14*time.Minute, p.RetryAfter(5, now.Add(-time.Minute), now))
	assert.Equal(t, time.Second, p.RetryAfter(9, now.Add(-15*time.Minute), now), "never zero while over the limit")
}
