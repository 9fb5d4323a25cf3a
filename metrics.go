package membership

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/prommetrics"
)

// MetricsHandler serves the module's Prometheus metrics: requests by route
// pattern and status, clients gone, login failures, renewal sweep runs, the
// outbox backlog and the age of its oldest event, the mail queue, the Go
// runtime, the process and the database pool. Serve it on a private address
// (memberd: -metrics-addr), not beside the public pages.
func (m *Module) MetricsHandler() http.Handler { return m.metrics.Handler() }

// setupMetrics builds the metrics and the gauges read at scrape time.
func (m *Module) setupMetrics() {
	m.metrics = prommetrics.New(m.logger.With("component", "metrics"))
	m.metrics.DBPool("membership", m.db.SQL())
	m.metrics.Gauges(
		prommetrics.Gauge{Name: "outbox_backlog", Help: "Events written but not yet relayed to the bus.",
			Read: func(ctx context.Context) (float64, error) {
				n, _, err := m.db.OutboxBacklog(ctx)
				return float64(n), err
			}},
		prommetrics.Gauge{Name: "outbox_oldest_age_seconds",
			Help: "Age of the oldest event waiting in the outbox (0 when none waits).",
			Read: func(ctx context.Context) (float64, error) {
				_, oldest, err := m.db.OutboxBacklog(ctx)
				if err != nil || oldest.IsZero() {
					return 0, err
				}
				return time.Since(oldest).Seconds(), nil
			}},
		prommetrics.Gauge{Name: "mail_queue_pending", Help: "Emails waiting to be sent (retried until accepted).",
			Read: func(ctx context.Context) (float64, error) {
				n, _, err := m.db.MailQueueCounts(ctx)
				return float64(n), err
			}},
		prommetrics.Gauge{Name: "mail_queue_failed", Help: "Emails the mail server refused for good (listed for the admin).",
			Read: func(ctx context.Context) (float64, error) {
				_, n, err := m.db.MailQueueCounts(ctx)
				return float64(n), err
			}},
	)
}

// readinessCheck is one dependency /readyz asks.
type readinessCheck struct {
	name  string
	check func(context.Context) error
}

// readiness lists what /readyz checks: the database, the broker (NATS) when
// events go through one, and the file store when it can tell (S3).
func (m *Module) readiness() []readinessCheck {
	checks := []readinessCheck{{"database", m.db.Ready}}
	if m.nats != nil {
		checks = append(checks, readinessCheck{"broker", m.nats.Ready})
	}
	if f, ok := m.deps.Files.(interface{ Ready(context.Context) error }); ok {
		checks = append(checks, readinessCheck{"files", f.Ready})
	}
	return checks
}

// serveReady answers /readyz: 200 "ready" when every check passes, else 503
// with one line per dependency ("broker: unavailable"). Causes go to the log.
func (m *Module) serveReady(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var lines []string
	failed := false
	for _, c := range m.readiness() {
		state := "ok"
		if err := c.check(ctx); err != nil {
			state, failed = "unavailable", true
			m.logger.Warn("not ready", "dependency", c.name, "err", err)
		}
		lines = append(lines, fmt.Sprintf("%s: %s", c.name, state))
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if failed {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(strings.Join(lines, "\n") + "\n"))
		return nil
	}
	_, err := w.Write([]byte("ready\n" + strings.Join(lines, "\n") + "\n"))
	return err
}
