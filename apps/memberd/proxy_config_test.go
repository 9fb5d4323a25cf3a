package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrustedProxySettings(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.False(t, s.cfg.TrustProxy)
	assert.Empty(t, s.cfg.TrustedProxies, "nothing trusted by default")
	assert.Zero(t, s.cfg.ProxyHops)

	s, err = parseSettings([]string{"-trust-proxy", "-trusted-proxies", "10.0.0.0/8, 127.0.0.1/32,,192.0.2.7", "-proxy-hops", "2"})
	require.NoError(t, err)
	assert.True(t, s.cfg.TrustProxy)
	assert.Equal(t, []string{"10.0.0.0/8", "127.0.0.1/32", "192.0.2.7"}, s.cfg.TrustedProxies)
	assert.Equal(t, 2, s.cfg.ProxyHops)

	t.Setenv("MEMBERD_TRUSTED_PROXIES", "2001:db8::/32")
	t.Setenv("MEMBERD_PROXY_HOPS", "3")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"2001:db8::/32"}, s.cfg.TrustedProxies)
	assert.Equal(t, 3, s.cfg.ProxyHops)

	_, err = parseSettings([]string{"-trusted-proxies", "10.0.0.0/8,proxy.internal"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-trusted-proxies")
	assert.Contains(t, err.Error(), "proxy.internal")
}
