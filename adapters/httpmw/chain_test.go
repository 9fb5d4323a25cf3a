package httpmw_test

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
)

var generatedID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestChainRequestID(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 64)
	tests := []struct {
		name     string
		given    string
		keep     bool // the given id is used; otherwise a new one is made
		generate bool
	}{
		{"none given: a new one", "", false, true},
		{"given: kept", "req-42", true, false},
		{"64 characters: kept", long, true, false},
		{"over 64 characters: replaced", long + "a", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, httpmw.Options{}, request("192.0.2.1:1234", map[string]string{"X-Request-Id": tc.given}), nil)
			require.NoError(t, res.err)
			s, w, logs := res.seen, res.w, res.logs
			if tc.keep {
				assert.Equal(t, tc.given, s.requestID)
			}
			if tc.generate {
				assert.Regexp(t, generatedID, s.requestID)
			}
			assert.Equal(t, s.requestID, w.Header().Get("X-Request-Id"), "the response names it")
			assert.Equal(t, s.requestID, logs.record(t, "inside")["request_id"], "the request's logger carries it")
			assert.Equal(t, s.requestID, logs.record(t, "http request")["request_id"], "so does the access log")
		})
	}
	t.Run("each request its own", func(t *testing.T) {
		t.Parallel()
		a := serve(t, httpmw.Options{}, request("192.0.2.1:1234", nil), nil)
		b := serve(t, httpmw.Options{}, request("192.0.2.1:1234", nil), nil)
		assert.NotEqual(t, a.seen.requestID, b.seen.requestID)
	})
}

func TestChainSecurityHeaders(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
	}
	tests := []struct {
		name string
		do   func(w http.ResponseWriter) error
	}{
		{"a page", nil},
		{"an error answer", func(w http.ResponseWriter) error {
			http.Error(w, "no", http.StatusForbidden)
			return nil
		}},
		{"a panic", func(http.ResponseWriter) error { panic("boom") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := serve(t, httpmw.Options{}, request("192.0.2.1:1", nil), tc.do).w
			for k, v := range want {
				assert.Equal(t, v, w.Header().Get(k), k)
			}
		})
	}
}

// TestChainHSTS: Strict-Transport-Security on responses served over HTTPS (TLS,
// or a trusted proxy's X-Forwarded-Proto), never over plain HTTP, whatever a
// client claims.
func TestChainHSTS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    httpmw.Options
		remote  string
		tls     bool
		headers map[string]string
		want    string
	}{
		{"TLS", httpmw.Options{}, "192.0.2.1:1", true, nil, "max-age=31536000"},
		{"a trusted proxy's https", httpmw.Options{TrustProxy: true}, "127.0.0.1:1", false,
			map[string]string{"X-Forwarded-Proto": "https"}, "max-age=31536000"},
		{"plain HTTP", httpmw.Options{}, "192.0.2.1:1", false, nil, ""},
		{"a client's X-Forwarded-Proto", httpmw.Options{TrustProxy: true}, "192.0.2.1:1", false,
			map[string]string{"X-Forwarded-Proto": "https"}, ""},
		{"a client's marker", httpmw.Options{TrustProxy: true}, "127.0.0.1:1", false,
			map[string]string{"X-Membership-Https": "1"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := request(tc.remote, tc.headers)
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			res := serve(t, tc.opts, r, func(w http.ResponseWriter) error {
				http.Error(w, "no", http.StatusForbidden)
				return nil
			})
			assert.Equal(t, tc.want, res.w.Header().Get("Strict-Transport-Security"))
		})
	}
}

func TestChainRecoveryAndErrors(t *testing.T) {
	t.Parallel()
	failure := errors.New("handler failed")
	tests := []struct {
		name     string
		do       func(w http.ResponseWriter) error
		status   int
		body     string
		err      error
		panicLog bool
		level    string // of the access log
	}{
		{"a panic before any answer is a 500", func(http.ResponseWriter) error { panic("boom") },
			http.StatusInternalServerError, "系统繁忙，请稍后再试\n", nil, true, "ERROR"},
		{"a panic after the answer began leaves it", func(w http.ResponseWriter) error {
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte("part"))
			panic("boom")
		}, http.StatusCreated, "part", nil, true, "INFO"},
		{"an error is returned to the router", func(http.ResponseWriter) error { return failure },
			http.StatusOK, "", failure, false, "INFO"},
		{"a 500 answer is logged as an error", func(w http.ResponseWriter) error {
			w.WriteHeader(http.StatusBadGateway)
			return nil
		}, http.StatusBadGateway, "", nil, false, "ERROR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, httpmw.Options{}, request("192.0.2.1:1", nil), tc.do)
			w, logs := res.w, res.logs
			assert.Equal(t, tc.err, res.err)
			assert.Equal(t, tc.status, w.Code)
			assert.Equal(t, tc.body, w.Body.String())
			if tc.panicLog {
				rec := logs.record(t, "panic")
				assert.Equal(t, "ERROR", rec["level"])
				assert.Equal(t, "boom", rec["panic"])
				assert.Equal(t, "/members", rec["path"])
			}
			assert.Equal(t, tc.level, logs.record(t, "http request")["level"])
		})
	}
}

func TestChainAccessLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		quiet []string
		path  string
		level string
	}{
		{"a request at info", nil, "/members", "INFO"},
		{"a quiet path at debug", []string{"/healthz", "/members"}, "/members", "DEBUG"},
		{"another path stays at info", []string{"/healthz"}, "/members", "INFO"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, httpmw.Options{QuietPaths: tc.quiet}, request("192.0.2.1:1234", nil), nil)
			require.NoError(t, res.err)
			w, s, logs := res.w, res.seen, res.logs
			require.Equal(t, http.StatusOK, w.Code)
			rec := logs.record(t, "http request")
			assert.Equal(t, tc.level, rec["level"])
			assert.Equal(t, "GET", rec["method"])
			assert.Equal(t, tc.path, rec["path"])
			assert.Equal(t, float64(200), rec["status"])
			assert.Equal(t, float64(2), rec["bytes"])
			assert.Equal(t, "192.0.2.1", rec["remote"])
			assert.Equal(t, s.requestID, rec["request_id"])
			assert.Contains(t, rec, "duration")
		})
	}
}

func TestChainLetsHandlersReachTheWriter(t *testing.T) {
	t.Parallel()
	res := serve(t, httpmw.Options{}, request("192.0.2.1:1", nil), func(w http.ResponseWriter) error {
		_, _ = w.Write([]byte("a"))
		return http.NewResponseController(w).Flush() // through the status recorder's Unwrap
	})
	require.NoError(t, res.err)
	assert.True(t, res.w.Flushed)
}

func TestChainThroughARouter(t *testing.T) {
	t.Parallel()
	logs := &logLines{}
	router := bunrouter.New(bunrouter.Use(httpmw.Chain(httpmw.Options{
		Logger: slog.New(slog.NewJSONHandler(logs, nil))})))
	router.GET("/members/:id", func(w http.ResponseWriter, req bunrouter.Request) error {
		_, err := w.Write([]byte(req.Param("id") + " " + httpmw.RequestID(req.Context())))
		return err
	})
	r := httptest.NewRequest(http.MethodGet, "/members/7", nil)
	r.Header.Set("X-Request-Id", "abc")
	w := httptest.NewRecorder()
	router.ServeHTTP(w, r)
	assert.Equal(t, "7 abc", w.Body.String(), "route parameters and the id reach the handler")
	assert.Equal(t, "abc", w.Header().Get("X-Request-Id"))
	assert.Equal(t, "/members/7", logs.record(t, "http request")["path"])
}

func TestRequestIDAndLoggerOutsideChain(t *testing.T) {
	t.Parallel()
	fallback := slog.New(slog.DiscardHandler)
	assert.Empty(t, httpmw.RequestID(context.Background()))
	assert.Same(t, fallback, httpmw.Logger(context.Background(), fallback))
}
