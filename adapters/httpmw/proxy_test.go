package httpmw_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/httpmw"
)

func TestChainClientAddressAndScheme(t *testing.T) {
	t.Parallel()
	const remote = "192.0.2.1:1234"
	tests := []struct {
		name       string
		trust      bool
		remote     string
		headers    map[string]string
		remoteAddr string // as the handler sees it
		clientIP   string
		https      bool
	}{
		{"no proxy: the peer", false, remote, nil, remote, "192.0.2.1", false},
		{"untrusted X-Forwarded-For is ignored", false, remote, map[string]string{"X-Forwarded-For": "203.0.113.7"},
			remote, "192.0.2.1", false},
		{"untrusted X-Real-Ip is ignored", false, remote, map[string]string{"X-Real-Ip": "203.0.113.7"},
			remote, "192.0.2.1", false},
		{"untrusted X-Forwarded-Proto is ignored", false, remote, map[string]string{"X-Forwarded-Proto": "https"},
			remote, "192.0.2.1", false},
		{"a client's own X-Membership-Https is dropped", false, remote, map[string]string{"X-Membership-Https": "1"},
			remote, "192.0.2.1", false},
		{"trusted: the first X-Forwarded-For address", true, remote,
			map[string]string{"X-Forwarded-For": "203.0.113.7, 10.0.0.1"}, "203.0.113.7:0", "203.0.113.7", false},
		{"trusted: spaces around it are trimmed", true, remote, map[string]string{"X-Forwarded-For": " 203.0.113.7 ,10.0.0.1"},
			"203.0.113.7:0", "203.0.113.7", false},
		{"trusted: IPv6", true, remote, map[string]string{"X-Forwarded-For": "2001:db8::1"},
			"[2001:db8::1]:0", "2001:db8::1", false},
		{"trusted: X-Forwarded-For before X-Real-Ip", true, remote,
			map[string]string{"X-Forwarded-For": "203.0.113.7", "X-Real-Ip": "198.51.100.2"}, "203.0.113.7:0", "203.0.113.7", false},
		{"trusted: X-Real-Ip when X-Forwarded-For is not an address", true, remote,
			map[string]string{"X-Forwarded-For": "unknown, 10.0.0.1", "X-Real-Ip": " 198.51.100.2 "}, "198.51.100.2:0", "198.51.100.2", false},
		{"trusted: X-Real-Ip alone", true, remote, map[string]string{"X-Real-Ip": "198.51.100.2"},
			"198.51.100.2:0", "198.51.100.2", false},
		{"trusted: the peer when neither header is an address", true, remote,
			map[string]string{"X-Forwarded-For": "unknown", "X-Real-Ip": "proxy"}, remote, "192.0.2.1", false},
		{"trusted: the peer without headers", true, remote, nil, remote, "192.0.2.1", false},
		{"trusted: X-Forwarded-Proto https", true, remote, map[string]string{"X-Forwarded-Proto": "https"},
			remote, "192.0.2.1", true},
		{"trusted: X-Forwarded-Proto in capitals", true, remote, map[string]string{"X-Forwarded-Proto": "HTTPS"},
			remote, "192.0.2.1", true},
		{"trusted: X-Forwarded-Proto http", true, remote, map[string]string{"X-Forwarded-Proto": "http"},
			remote, "192.0.2.1", false},
		// As it is today: behind a trusted proxy the marker header is not
		// dropped, so the proxy must not pass a client's X-Membership-Https on.
		{"trusted: X-Membership-Https passes", true, remote, map[string]string{"X-Membership-Https": "1"},
			remote, "192.0.2.1", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, httpmw.Options{TrustProxy: tc.trust}, request(tc.remote, tc.headers), nil)
			require.NoError(t, res.err)
			s, logs := res.seen, res.logs
			assert.Equal(t, tc.remoteAddr, s.remoteAddr, "RemoteAddr")
			assert.Equal(t, tc.clientIP, s.clientIP, "ClientIP")
			assert.Equal(t, tc.https, s.https, "IsHTTPS")
			assert.Equal(t, tc.clientIP, logs.record(t, "http request")["remote"], "the access log's remote")
		})
	}
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
