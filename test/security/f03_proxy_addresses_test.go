package security_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 3: with -trust-proxy the left-most X-Forwarded-For entry was taken,
// which the client writes, so every failed login could claim another address
// and the per-address throttle never fired.

// loginFromBehindTheProxy is a failed API login with a made-up account name,
// through a proxy on loopback that appended the client's real address to the
// X-Forwarded-For the client sent.
func loginFromBehindTheProxy(t *testing.T, env *membershiptest.Env, i int, spoofed, client string) int {
	t.Helper()
	c := newClient(t, env)
	c.remote = "127.0.0.1:40000"
	res := c.postJSONWith("/api/v1/sessions", map[string]any{"login": "无此账号" + strconv.Itoa(i),
		"password": "wrong-password", "captcha_token": env.PassCaptcha(t, captcha.PurposeLogin)},
		http.Header{"X-Forwarded-For": {spoofed + ", " + client}})
	return res.Status
}

// TestProxySpoofedAddressesShareTheThrottle: failed logins that each claim
// another left-most address all count against the client's real address, which
// the trusted proxy appended; the per-address limit (20 in 15 minutes) answers
// 429 at the 21st.
func TestProxySpoofedAddressesShareTheThrottle(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) { c.TrustProxy = true }))
	throttled := 0
	for i := range 24 {
		status := loginFromBehindTheProxy(t, env, i, "198.51.100."+strconv.Itoa(i+1), "203.0.113.9")
		if status == http.StatusTooManyRequests {
			throttled++
		}
	}
	assert.GreaterOrEqual(t, throttled, 3, "the attempts after the 20th are refused")
	// Another real client behind the same proxy is not affected.
	assert.NotEqual(t, http.StatusTooManyRequests, loginFromBehindTheProxy(t, env, 99, "203.0.113.9", "203.0.113.10"))
}

// TestProxyHTTPSMarkerFromClientsIsDropped: a client's own X-Membership-Https
// does not make the module believe the request came over HTTPS (no HSTS, no
// __Host- cookie), through a trusted proxy or not; the proxy's
// X-Forwarded-Proto does.
func TestProxyHTTPSMarkerFromClientsIsDropped(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) { c.TrustProxy = true }))
	for _, remote := range []string{"127.0.0.1:40000", "192.0.2.50:40000"} {
		c := newClient(t, env)
		c.remote = remote
		req := c.request(http.MethodGet, "/login", nil)
		req.Header.Set("X-Membership-Https", "1")
		res := c.do(req)
		require.Equal(t, http.StatusOK, res.Status)
		assert.Empty(t, res.Header.Get("Strict-Transport-Security"), remote)
		assert.Contains(t, c.cookies, "csrf", remote)
		assert.NotContains(t, c.cookies, "__Host-csrf", remote)
	}

	c := newClient(t, env)
	c.remote = "127.0.0.1:40000"
	req := c.request(http.MethodGet, "/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	res := c.do(req)
	assert.Equal(t, "max-age=31536000", res.Header.Get("Strict-Transport-Security"), "the proxy's https")
	assert.Contains(t, c.cookies, "__Host-csrf")
}

// TestProxyUntrustedPeerKeepsItsAddress: a peer that is not a trusted proxy
// (off loopback, not in TrustedProxies) cannot name another address either.
func TestProxyUntrustedPeerKeepsItsAddress(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) {
		c.TrustedProxies = []string{"10.0.0.0/8"}
	}))
	throttled := 0
	for i := range 22 {
		c := newClient(t, env)
		c.remote = "127.0.0.1:40000" // loopback is not in the list: no proxy
		res := c.postJSONWith("/api/v1/sessions", map[string]any{"login": "无此账号" + strconv.Itoa(i),
			"password": "wrong-password", "captcha_token": env.PassCaptcha(t, captcha.PurposeLogin)},
			http.Header{"X-Forwarded-For": {"198.51.100." + strconv.Itoa(i+1)}})
		if res.Status == http.StatusTooManyRequests {
			throttled++
		}
	}
	assert.GreaterOrEqual(t, throttled, 1, "all from 127.0.0.1")
}

// TestProxyConfigRejectsBadNetworks: a trusted proxy that is not an address or
// a network stops the start.
func TestProxyConfigRejectsBadNetworks(t *testing.T) {
	t.Parallel()
	_, err := membership.New(membership.Config{DataDir: t.TempDir(), TrustedProxies: []string{"proxy.internal"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "proxy.internal")
	_, err = membership.New(membership.Config{DataDir: t.TempDir(), ProxyHops: -1})
	require.Error(t, err)
}
