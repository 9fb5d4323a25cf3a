package httpmw_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/httpmw"
)

// Options of the proxy cases: trust-proxy with the loopback default, a list of
// networks, and a list with a hop count.
var (
	noProxy   = httpmw.Options{}
	loopback  = httpmw.Options{TrustProxy: true}
	inNetwork = httpmw.Options{TrustedProxies: prefixes("10.0.0.0/8", "2001:db8:aaaa::/48")}
	twoHops   = httpmw.Options{TrustProxy: true, ProxyHops: 2}
)

func prefixes(s ...string) []netip.Prefix {
	p, err := httpmw.ParseProxies(s)
	if err != nil {
		panic(err)
	}
	return p
}

// proxyCase is one request through Chain with its proxy options, and what the
// handler must see.
type proxyCase struct {
	name       string
	opts       httpmw.Options
	remote     string
	headers    map[string]string
	remoteAddr string // as the handler sees it
	clientIP   string
	https      bool
}

// untrustedProxyCases: without trust, or from a peer that is not a trusted
// proxy, no header moves the client address or the scheme.
func untrustedProxyCases() []proxyCase {
	const remote = "192.0.2.1:1234"
	xff := map[string]string{"X-Forwarded-For": "203.0.113.7"}
	proto := map[string]string{"X-Forwarded-Proto": "https"}
	return []proxyCase{
		{"no proxy: the peer", noProxy, remote, nil, remote, "192.0.2.1", false},
		{"untrusted X-Forwarded-For is ignored", noProxy, remote, xff, remote, "192.0.2.1", false},
		{"untrusted X-Real-Ip is ignored", noProxy, remote, map[string]string{"X-Real-Ip": "203.0.113.7"},
			remote, "192.0.2.1", false},
		{"untrusted X-Forwarded-Proto is ignored", noProxy, remote, proto, remote, "192.0.2.1", false},
		{"a client's own X-Membership-Https is dropped", noProxy, remote, map[string]string{"X-Membership-Https": "1"},
			remote, "192.0.2.1", false},
		// -trust-proxy trusts a proxy on loopback only: the Internet talking to
		// memberd directly cannot choose its address.
		{"trust-proxy: a peer off loopback is no proxy", loopback, remote, xff, remote, "192.0.2.1", false},
		{"trust-proxy: nor is its X-Forwarded-Proto", loopback, remote, proto, remote, "192.0.2.1", false},
		{"trusted networks: a peer outside them is no proxy", inNetwork, remote, xff, remote, "192.0.2.1", false},
		{"trusted networks replace loopback", inNetwork, "127.0.0.1:5000", xff, "127.0.0.1:5000", "127.0.0.1", false},
		{"hops: the peer must still be trusted", twoHops, remote, map[string]string{"X-Forwarded-For": "203.0.113.7, 198.51.100.1"},
			remote, "192.0.2.1", false},
	}
}

// trustedProxyCases: behind a trusted peer the client is the right-most address
// that is not a proxy's; what a client wrote further left does not count.
func trustedProxyCases() []proxyCase {
	const lo = "127.0.0.1:5000"
	const inside = "10.1.2.3:5000"
	h := func(xff string) map[string]string { return map[string]string{"X-Forwarded-For": xff} }
	return []proxyCase{
		{"trusted: the proxy's X-Forwarded-For", loopback, lo, h("203.0.113.7"), "203.0.113.7:0", "203.0.113.7", false},
		{"trusted: the right-most address, not the client's own", loopback, lo, h("198.51.100.66, 203.0.113.7"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"trusted: spaces around it are trimmed", loopback, lo, h(" 198.51.100.66 , 203.0.113.7 "),
			"203.0.113.7:0", "203.0.113.7", false},
		{"trusted: with a port", loopback, lo, h("198.51.100.66, 203.0.113.7:4711"), "203.0.113.7:0", "203.0.113.7", false},
		{"trusted: IPv6", loopback, lo, h("2001:db8::1"), "[2001:db8::1]:0", "2001:db8::1", false},
		{"trusted: IPv6 loopback peer", loopback, "[::1]:5000", h("203.0.113.7"), "203.0.113.7:0", "203.0.113.7", false},
		{"trusted: IPv4-mapped loopback peer", loopback, "[::ffff:127.0.0.1]:5000", h("203.0.113.7"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"trusted: X-Real-Ip is not read", loopback, lo, map[string]string{"X-Real-Ip": "198.51.100.2"},
			lo, "127.0.0.1", false},
		{"trusted: the peer when the proxy wrote no address", loopback, lo, h("unknown"), lo, "127.0.0.1", false},
		{"trusted: a client's garbage further left is ignored", loopback, lo, h("<script>, 203.0.113.7"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"trusted: the peer without headers", loopback, lo, nil, lo, "127.0.0.1", false},
		{"networks: proxies inside are skipped", inNetwork, inside, h("198.51.100.66, 203.0.113.7, 10.9.9.9"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"networks: IPv6 proxies inside are skipped", inNetwork, inside, h("203.0.113.7, 2001:db8:aaaa::5"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"networks: all inside, the left-most", inNetwork, inside, h("10.0.0.5, 10.0.0.6"), "10.0.0.5:0", "10.0.0.5", false},
		{"networks: the spoofed proxy address of a client does not count", inNetwork, inside,
			h("10.0.0.5, 203.0.113.7"), "203.0.113.7:0", "203.0.113.7", false},
		{"hops: the load balancer by position", twoHops, lo, h("198.51.100.66, 203.0.113.7, 192.0.2.200"),
			"203.0.113.7:0", "203.0.113.7", false},
		{"hops: fewer entries than hops, the left-most", twoHops, lo, h("192.0.2.200"), "192.0.2.200:0", "192.0.2.200", false},
	}
}

// schemeCases: X-Forwarded-Proto counts from a trusted peer only, and the
// internal marker only ever comes from Chain.
func schemeCases() []proxyCase {
	const lo = "127.0.0.1:5000"
	return []proxyCase{
		{"trusted: X-Forwarded-Proto https", loopback, lo, map[string]string{"X-Forwarded-Proto": "https"}, lo, "127.0.0.1", true},
		{"trusted: X-Forwarded-Proto in capitals", loopback, lo, map[string]string{"X-Forwarded-Proto": "HTTPS"},
			lo, "127.0.0.1", true},
		{"trusted: X-Forwarded-Proto http", loopback, lo, map[string]string{"X-Forwarded-Proto": "http"}, lo, "127.0.0.1", false},
		{"trusted: a client's X-Membership-Https is dropped", loopback, lo, map[string]string{"X-Membership-Https": "1"},
			lo, "127.0.0.1", false},
		{"trusted: dropped beside X-Forwarded-Proto http", loopback, lo,
			map[string]string{"X-Membership-Https": "1", "X-Forwarded-Proto": "http"}, lo, "127.0.0.1", false},
		{"networks: X-Forwarded-Proto https", inNetwork, "10.1.2.3:5000", map[string]string{"X-Forwarded-Proto": "https"},
			"10.1.2.3:5000", "10.1.2.3", true},
	}
}

func TestChainClientAddressAndScheme(t *testing.T) {
	t.Parallel()
	cases := append(append(untrustedProxyCases(), trustedProxyCases()...), schemeCases()...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, tc.opts, request(tc.remote, tc.headers), nil)
			require.NoError(t, res.err)
			s, logs := res.seen, res.logs
			assert.Equal(t, tc.remoteAddr, s.remoteAddr, "RemoteAddr")
			assert.Equal(t, tc.clientIP, s.clientIP, "ClientIP")
			assert.Equal(t, tc.https, s.https, "IsHTTPS")
			assert.Equal(t, tc.clientIP, logs.record(t, "http request")["remote"], "the access log's remote")
		})
	}
}

// TestChainSpoofedForwardedFor is the per-address throttle's view: many
// requests through one proxy, each with another made-up left-most address, all
// come from the one client the proxy saw.
func TestChainSpoofedForwardedFor(t *testing.T) {
	t.Parallel()
	for i := range 5 {
		spoofed := "198.51.100." + strconv.Itoa(i+1)
		res := serve(t, loopback, request("127.0.0.1:5000", map[string]string{"X-Forwarded-For": spoofed + ", 203.0.113.7"}), nil)
		assert.Equal(t, "203.0.113.7", res.seen.clientIP, "client wrote %s", spoofed)
	}
}

// TestChainForwardedForLines reads every X-Forwarded-For line: the right-most
// address is on the last.
func TestChainForwardedForLines(t *testing.T) {
	t.Parallel()
	r := request("127.0.0.1:5000", nil)
	r.Header.Add("X-Forwarded-For", "198.51.100.66")
	r.Header.Add("X-Forwarded-For", "203.0.113.7")
	res := serve(t, loopback, r, nil)
	assert.Equal(t, "203.0.113.7", res.seen.clientIP)
}

func TestParseProxies(t *testing.T) {
	t.Parallel()
	got, err := httpmw.ParseProxies([]string{" 10.0.0.0/8", "192.0.2.7", "", "2001:db8::/32", "10.1.2.3/8", "::ffff:192.0.2.9"})
	require.NoError(t, err)
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "10.0.0.0/8", "192.0.2.9/32"}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	assert.Equal(t, want, s)
	_, err = httpmw.ParseProxies([]string{"10.0.0.0/8", "proxy.example", "10.0.0.0/33"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"proxy.example"`)
	assert.Contains(t, err.Error(), `"10.0.0.0/33"`)
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"192.0.2.1", "192.0.2.1"}, // no port: as it is
		{"", ""},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.remote
		assert.Equal(t, tc.want, httpmw.ClientIP(r), "RemoteAddr %q", tc.remote)
	}
}

func TestIsHTTPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tls    bool
		marker string
		want   bool
	}{
		{"plain", false, "", false},
		{"TLS", true, "", true},
		{"a trusted proxy's https", false, "1", true},
		{"another marker value", false, "yes", false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.TLS = nil
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if tc.marker != "" {
			r.Header.Set("X-Membership-Https", tc.marker)
		}
		assert.Equal(t, tc.want, httpmw.IsHTTPS(r), tc.name)
	}
}
