// Package prommetrics exposes the module's operational metrics in the
// Prometheus format (github.com/prometheus/client_golang): HTTP requests by
// route pattern and status, requests whose client went away, login failures
// and throttles, renewal sweep runs, gauges read at scrape time (outbox
// backlog, mail queue), the Go runtime, the process and the database pool.
//
// Metrics has its own registry; Handler serves it. memberd serves it on a
// listen address of its own (-metrics-addr), never on the public one.
package prommetrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of the module.
const Namespace = "membership"

// Metrics holds the collectors of one module.
type Metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	clientGone    *prometheus.CounterVec
	logins        *prometheus.CounterVec
	sweeps        *prometheus.CounterVec
	cleanupErrors *prometheus.CounterVec
	cleanedUp     *prometheus.CounterVec
	busAttempts   *prometheus.CounterVec
	logger        *slog.Logger
}

// New returns metrics with the Go runtime and process collectors registered.
func New(logger *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), logger: logger}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "http_requests_total",
		Help: "HTTP requests by method, route pattern and status (499: the client went away)."},
		[]string{"method", "route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace,
		Name:    "http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by method and route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
		[]string{"method", "route"})
	m.clientGone = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "http_client_gone_total",
		Help: "Requests whose client closed the connection before the answer (not server errors)."},
		[]string{"route"})
	m.logins = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "login_failures_total",
		Help: "Refused logins by who (member, staff) and why (wrong credentials, throttled)."},
		[]string{"who", "reason"})
	m.sweeps = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "renewal_sweep_runs_total",
		Help: "Renewal sweep attempts by result: ran (this instance held the lease), skipped (another did), error."},
		[]string{"result"})
	m.cleanupErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "cleanup_errors_total", Help: "Failed deletions of the clean-up loop, by what it deleted."},
		[]string{"what"})
	m.cleanedUp = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "cleanup_deleted_total", Help: "Rows the clean-up loop deleted, by what (sessions, tokens, login_attempts, handled_events, sent_events, sent_mail)."},
		[]string{"what"})
	m.busAttempts = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace,
		Name: "bus_handler_attempts_total",
		Help: "Attempts of event handlers by handler and result (ok, error: an error is retried)."},
		[]string{"handler", "result"})
	m.reg.MustRegister(m.busAttempts, m.requests, m.latency, m.clientGone, m.logins, m.sweeps, m.cleanupErrors, m.cleanedUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, ErrorLog: slogErrorLog{m.logger}})
}

// DBPool adds the connection pool statistics of db (open, in use, idle, waits).
func (m *Metrics) DBPool(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// SweepRun counts one attempt of the renewal sweep.
func (m *Metrics) SweepRun(ran bool, err error) {
	result := "skipped"
	switch {
	case err != nil:
		result = "error"
	case ran:
		result = "ran"
	}
	m.sweeps.WithLabelValues(result).Inc()
}

// HandlerAttempt counts one attempt of an event handler (err nil: success; a
// failed attempt is retried, so errors count the retries).
func (m *Metrics) HandlerAttempt(handler string, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.busAttempts.WithLabelValues(handler, result).Inc()
}

// CleanedUp counts rows the clean-up loop deleted.
func (m *Metrics) CleanedUp(what string, n int) { m.cleanedUp.WithLabelValues(what).Add(float64(n)) }

// CleanupFailed counts a failed deletion of the clean-up loop.
func (m *Metrics) CleanupFailed(what string) { m.cleanupErrors.WithLabelValues(what).Inc() }

// Gauge is a value read when Prometheus scrapes, e.g. the outbox backlog.
type Gauge struct {
	Name, Help string
	Read       func(ctx context.Context) (float64, error)
}

// Gauges registers values read at each scrape (each within 2 s); a value
// that cannot be read is left out of that scrape and logged.
func (m *Metrics) Gauges(gs ...Gauge) {
	m.reg.MustRegister(&gaugeCollector{gauges: gs, logger: m.logger})
}

type gaugeCollector struct {
	gauges []Gauge
	logger *slog.Logger
}

func (c *gaugeCollector) desc(g Gauge) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", g.Name), g.Help, nil, nil)
}

func (c *gaugeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, g := range c.gauges {
		ch <- c.desc(g)
	}
}

func (c *gaugeCollector) Collect(ch chan<- prometheus.Metric) {
	for _, g := range c.gauges {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		v, err := g.Read(ctx)
		cancel()
		if err != nil {
			c.logger.Warn("metrics: read "+g.Name, "err", err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.desc(g), prometheus.GaugeValue, v)
	}
}

// slogErrorLog adapts the logger to promhttp's error log.
type slogErrorLog struct{ l *slog.Logger }

func (s slogErrorLog) Println(v ...any) { s.l.Warn("metrics handler", "err", v) }
