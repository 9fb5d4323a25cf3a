package membershiptest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// Server serves the module over real HTTP on loopback.
func TestServerServesTheModule(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	srv := env.Server(t)
	res, err := srv.Client().Get(srv.URL + "/healthz")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

// New gives the module a settable clock; WithRealClock gives it the system's,
// which Env.Clock does not expose.
func TestWithRealClock(t *testing.T) {
	t.Parallel()
	assert.NotNil(t, membershiptest.New(t).Clock, "a settable clock by default")
	env := membershiptest.New(t, membershiptest.WithRealClock())
	assert.Nil(t, env.Clock, "the system clock cannot be set")
	_, settable := env.App.Clock.(*membershiptest.Clock)
	assert.False(t, settable)
}
