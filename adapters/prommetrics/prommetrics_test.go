package prommetrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/prommetrics"
)

func scrape(t *testing.T, m *prommetrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	return rec.Body.String()
}

func TestRequestsByRoutePatternStatusAndClientsGone(t *testing.T) {
	t.Parallel()
	m := prommetrics.New(slog.New(slog.DiscardHandler))
	r := bunrouter.New(bunrouter.Use(m.Middleware()))
	r.GET("/applications/:id/scan", func(w http.ResponseWriter, _ bunrouter.Request) error {
		_, err := io.WriteString(w, "png")
		return err
	})
	r.POST("/api/v1/sessions", func(w http.ResponseWriter, req bunrouter.Request) error {
		if req.URL.Query().Get("busy") != "" {
			w.WriteHeader(http.StatusTooManyRequests)
			return nil
		}
		w.WriteHeader(http.StatusUnauthorized)
		return nil
	})
	r.GET("/slow", func(w http.ResponseWriter, req bunrouter.Request) error {
		w.WriteHeader(http.StatusInternalServerError) // what a handler does with "context canceled"
		return nil
	})
	for _, id := range []string{"m1", "m2", "m3"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/applications/"+id+"/scan", nil))
	}
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/v1/sessions", nil))
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/v1/sessions?busy=1", nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil).WithContext(ctx))
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/nowhere", nil))

	out := scrape(t, m)
	for _, want := range []string{
		`membership_http_requests_total{method="GET",route="/applications/:id/scan",status="200"} 3`,
		`membership_http_requests_total{method="POST",route="/api/v1/sessions",status="401"} 1`,
		`membership_http_requests_total{method="GET",route="/slow",status="499"} 1`,
		`membership_http_client_gone_total{route="/slow"} 1`,
		`membership_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`membership_login_failures_total{reason="refused",who="member"} 1`,
		`membership_login_failures_total{reason="throttled",who="member"} 1`,
		`membership_http_request_duration_seconds_count{method="GET",route="/applications/:id/scan"} 3`,
		"go_goroutines ", "process_",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, `status="500"`, "a client gone is no server error")
	assert.NotContains(t, out, "m1", "ids make no series")
}

func TestGaugesAreReadAtScrapeTime(t *testing.T) {
	t.Parallel()
	m := prommetrics.New(slog.New(slog.DiscardHandler))
	backlog := 3.0
	m.Gauges(prommetrics.Gauge{Name: "outbox_backlog", Help: "h",
		Read: func(context.Context) (float64, error) { return backlog, nil }},
		prommetrics.Gauge{Name: "broken", Help: "h",
			Read: func(context.Context) (float64, error) { return 0, errors.New("db down") }})
	m.SweepRun(true, nil)
	m.SweepRun(false, nil)
	m.SweepRun(false, errors.New("x"))
	m.CleanupFailed("expired sessions")
	m.CleanedUp("expired tokens", 3)
	m.HandlerAttempt("SendWelcomeOnRegistered", errors.New("smtp down"))
	m.HandlerAttempt("SendWelcomeOnRegistered", nil)
	out := scrape(t, m)
	assert.Contains(t, out, "membership_outbox_backlog 3")
	assert.NotContains(t, out, "membership_broken", "a value that cannot be read is left out")
	backlog = 0
	assert.Contains(t, scrape(t, m), "membership_outbox_backlog 0")
	for _, want := range []string{`membership_renewal_sweep_runs_total{result="ran"} 1`,
		`membership_renewal_sweep_runs_total{result="skipped"} 1`, `membership_renewal_sweep_runs_total{result="error"} 1`,
		`membership_cleanup_errors_total{what="expired sessions"} 1`,
		`membership_cleanup_deleted_total{what="expired tokens"} 3`,
		`membership_bus_handler_attempts_total{handler="SendWelcomeOnRegistered",result="error"} 1`,
		`membership_bus_handler_attempts_total{handler="SendWelcomeOnRegistered",result="ok"} 1`} {
		assert.Contains(t, out, want)
	}
	assert.True(t, strings.HasPrefix(out, "# HELP"))
}
