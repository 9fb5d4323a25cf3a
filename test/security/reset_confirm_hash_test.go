package security_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 5: confirming a password reset with a made-up token costs no password
// hash (the token is looked up first), and one address can try only so many
// tokens before it is throttled (429 with Retry-After).
func TestResetConfirmWithMadeUpTokensCostsNoHash(t *testing.T) {
	t.Parallel()
	hasher := newCountingHasher(argon2hash.Fast())
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPasswordHasher(hasher)))
	h := env.Handler()
	confirm := func(token, addr string) apiReply {
		return callAPI(t, h, http.MethodPost, "/password-resets/confirm", map[string]any{
			"token": token, "password": "newpass456", "password_confirm": "newpass456"}, addr, "")
	}
	hasher.reset()
	limit := auth.AddressThrottle.MaxFailures
	for i := range limit {
		r := confirm(fmt.Sprintf("made-up-token-%02d", i), "198.51.100.23:4000")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%v", r.Body)
		assert.Equal(t, "reset_token_invalid", r.fields()["token"])
	}
	assert.Zero(t, hasher.hashes.Load(), "made-up tokens cost no password hash")

	r := confirm("made-up-token-last", "198.51.100.23:4000")
	assert.Equal(t, http.StatusTooManyRequests, r.Status, "%v", r.Body)
	assert.Equal(t, "reset_throttled", r.code())
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	r = confirm("made-up-token-other", "198.51.100.24:4000")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "another address is not throttled")
	assert.Zero(t, hasher.hashes.Load())
}
