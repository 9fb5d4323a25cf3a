package security_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 14: a slider pass is bound to the form it was earned for — a pass
// earned on the registration (or staff login) form is refused by the member
// login — and one address can ask for only so many challenges (429 with
// Retry-After).
func TestSliderPassIsBoundToItsForm(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "滑块绑定公司", "huakuai@example.com", "right1234")
	h := env.Handler()
	const addr = "198.51.100.50:4000"
	login := func(pass string) apiReply {
		return callAPI(t, h, http.MethodPost, "/sessions", map[string]any{"login": "滑块绑定公司",
			"password": "right1234", "captcha_token": pass}, addr, "")
	}
	for _, other := range []string{"register", "staff_login", "forgot_password"} {
		r := login(apiPass(t, env, h, other, addr))
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s pass on the login form: %v", other, r.Body["error"])
		assert.Equal(t, "captcha_required", r.fields()["captcha"], other)
	}
	r := login(apiPass(t, env, h, "login", addr))
	assert.Equal(t, http.StatusCreated, r.Status, "a login pass logs in: %v", r.Body)

	r = callAPI(t, h, http.MethodPost, "/captcha", map[string]any{"purpose": "anything"}, addr, "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%v", r.Body["error"])
	assert.Equal(t, "purpose_invalid", r.fields()["purpose"])
}

// Finding 14: challenges are limited per client address.
func TestSliderChallengesAreLimitedPerAddress(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	h := env.Handler()
	issue := func(addr string) apiReply {
		return callAPI(t, h, http.MethodPost, "/captcha", map[string]any{"purpose": "login"}, addr, "")
	}
	for i := range auth.ChallengeThrottle.MaxFailures {
		r := issue("198.51.100.60:4000")
		require.Equal(t, http.StatusCreated, r.Status, "challenge %d: %v", i+1, r.Body["error"])
	}
	r := issue("198.51.100.60:4001")
	assert.Equal(t, http.StatusTooManyRequests, r.Status, "%v", r.Body["error"])
	assert.Equal(t, "captcha_throttled", r.code())
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	assert.Equal(t, http.StatusCreated, issue("198.51.100.61:4000").Status, "another address is not limited")
}

// apiPass solves a slider challenge for a form through the API, from addr.
func apiPass(t *testing.T, env *membershiptest.Env, h http.Handler, purpose, addr string) string {
	t.Helper()
	ch := callAPI(t, h, http.MethodPost, "/captcha", map[string]any{"purpose": purpose}, addr, "")
	require.Equal(t, http.StatusCreated, ch.Status, "%v", ch.Body["error"])
	x, ok := ch.Body["target_x"].(float64)
	require.True(t, ok, "test mode reveals target_x")
	env.AwaitDrag(membershiptest.DragTime)
	v := callAPI(t, h, http.MethodPost, "/captcha/verify", map[string]any{"id": ch.Body["id"], "x": int(x),
		"duration_ms": membershiptest.DragTime.Milliseconds()}, addr, "")
	require.Equal(t, http.StatusOK, v.Status, "%v", v.Body)
	token, _ := v.Body["token"].(string)
	require.NotEmpty(t, token, fmt.Sprint(v.Body))
	return token
}
