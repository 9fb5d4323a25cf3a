package membership_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
)

// lockedBuffer is a log sink safe for the module's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestMetricsAndReadiness(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	m, err := membership.New(membership.Config{DataDir: t.TempDir()},
		membership.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))))
	require.NoError(t, err)
	defer m.Close()
	h := m.Handler()

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "ready\ndatabase: ok\n", rec.Body.String(), "no broker, a local folder: the database only")

	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/login", nil))
	// A load tool that closed its connection: the login fails on a cancelled
	// context; that is logged at info as a client gone, not as a 500.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodPost, "/api/v1/sessions",
		strings.NewReader(`{"login":"x","password":"y","captcha_token":"z"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	gone := httptest.NewRecorder()
	h.ServeHTTP(gone, req)
	assert.Equal(t, 499, gone.Code)
	assert.NotContains(t, logs.String(), "level=ERROR")
	assert.Contains(t, logs.String(), "client_gone=true")

	rec = httptest.NewRecorder()
	m.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	out := rec.Body.String()
	for _, want := range []string{
		`membership_http_requests_total{method="GET",route="/login",status="200"} 1`,
		`membership_http_requests_total{method="POST",route="/api/v1/sessions",status="499"} 1`,
		`membership_http_client_gone_total{route="/api/v1/sessions"} 1`,
		"membership_outbox_backlog ", "membership_outbox_oldest_age_seconds ",
		"membership_mail_queue_pending 0", "membership_mail_queue_failed 0",
		`go_sql_open_connections{db_name="membership"}`, "go_goroutines ",
	} {
		assert.Contains(t, out, want)
	}
}

// The example dashboard in deploy/ asks only for metrics the module exports.
func TestGrafanaDashboardNamesExportedMetrics(t *testing.T) {
	t.Parallel()
	dash, err := os.ReadFile(filepath.Join("deploy", "grafana-dashboard.json"))
	require.NoError(t, err)
	var declared []byte
	for _, f := range []string{filepath.Join("adapters", "prommetrics", "prommetrics.go"), "wiring.go"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		declared = append(declared, b...)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`Name: +"(\w+)"`).FindAllSubmatch(declared, -1) {
		names["membership_"+string(m[1])] = true
	}
	used := regexp.MustCompile(`membership_\w+`).FindAllString(string(dash), -1)
	require.NotEmpty(t, used)
	for _, n := range used {
		base := strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_count")
		assert.True(t, names[base], "the dashboard uses %s, which the module does not export", n)
	}
}
