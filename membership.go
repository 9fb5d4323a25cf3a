// Package membership is the facade a host system embeds: New builds the whole
// membership module (storage, bus, mail, authorization, the web app and the JSON
// API) from a Config; Run drives its background work; Close releases it. The
// bundled binary apps/memberd is a thin main around it.
//
//	m, err := membership.New(membership.Config{DataDir: "data"}, membership.WithLogger(logger))
//	defer m.Close()
//	go m.Run(ctx)
//	http.ListenAndServe(":8080", m.Handler())
package membership

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/httpapi"
	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/adapters/mailqueue"
	"github.com/openassoc/membership/adapters/natsbus"
	"github.com/openassoc/membership/adapters/prommetrics"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/internal/scheduler"
	"github.com/uptrace/bunrouter"
)

// Module is one running membership system.
type Module struct {
	cfg    Config
	logger *slog.Logger
	db     *bunstore.DB
	app    *app.Core
	bus    *watermillbus.Bus
	relay  *watermillbus.Relay
	fwd    *watermillbus.PostgresForwarder
	mail   *mailqueue.Queue // the durable mail queue: the handlers' Mailer, dispatched in Run
	// sentEvents and sentMail are the stores whose sent rows the clean-up
	// prunes (membership.go, the clean-up): the outbox table on SQLite, watermill-sql's
	// outbox through its forwarder on PostgreSQL.
	sentEvents sentPruner
	sentMail   sentPruner
	nats       *natsbus.PubSub // the broker when Config.NATSURL is set
	web        *webui.UI
	api        *httpapi.API
	deps       app.Deps
	// sandbox is the embedded Alipay sandbox, nil with a real gateway or none.
	sandbox *alipaysim.Lazy
	// metrics are the Prometheus metrics (wiring.go).
	metrics *prommetrics.Metrics
	// cat is the string catalog shared by the web pages, the API and the PDFs
	// (texts.go).
	cat *i18n.Catalog

	handlerOnce sync.Once
	handler     http.Handler
	closeOnce   sync.Once
}

// New opens the database (migrating it), builds the adapters and wires the core.
// Nothing runs in the background until Run.
func New(cfg Config, opts ...Option) (*Module, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, fmt.Errorf("membership: timezone %q: %w", cfg.Timezone, err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("membership: data folder: %w", err)
	}
	ctx := context.Background()
	db, err := bunstore.Open(ctx, cfg.DatabaseDSN)
	if err != nil {
		return nil, fmt.Errorf("membership: open database: %w", err)
	}
	m := &Module{cfg: cfg, logger: o.logger, db: db}
	if err := m.build(ctx, o, loc); err != nil {
		if m.nats != nil {
			_ = m.nats.Close()
		}
		_ = db.Close()
		return nil, err
	}
	return m, nil
}

// App returns the core use cases, for hosts that call them directly.
func (m *Module) App() *app.Core { return m.app }

// Register adds the web app, the JSON API (under /api/v1) and the health endpoints
// to a host's bunrouter. Paths are absolute, so the module owns the root of r.
// Wrap r with Middleware() (or the host's own equivalent) for request ids and logs.
func (m *Module) Register(r *bunrouter.Router) {
	r.GET("/healthz", func(w http.ResponseWriter, _ bunrouter.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := w.Write([]byte("ok\n"))
		return err
	})
	r.GET("/readyz", func(w http.ResponseWriter, req bunrouter.Request) error {
		return m.serveReady(w, req.Request) // the database, the broker, the file store
	})
	r.WithGroup("/api/v1", m.api.Register)
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		r.Handle(method, "/api/*path", m.api.NotFound) // JSON 404 for unknown API paths
	}
	m.web.Register(r)
}

// Middleware returns the request middleware (request ids, access logs, recovery,
// client address, security headers) used by Handler.
func (m *Module) Middleware() bunrouter.MiddlewareFunc {
	proxies, _ := httpmw.ParseProxies(m.cfg.TrustedProxies) // checked in setDefaults
	return httpmw.Chain(httpmw.Options{Logger: m.logger, TrustProxy: m.cfg.TrustProxy,
		TrustedProxies: proxies, ProxyHops: m.cfg.ProxyHops, QuietPaths: []string{"/healthz", "/readyz"}})
}

// Handler returns the whole HTTP surface (web app, API, health) as one handler.
func (m *Module) Handler() http.Handler {
	m.handlerOnce.Do(func() {
		r := bunrouter.New(bunrouter.Use(m.Middleware()), bunrouter.Use(m.metrics.Middleware()),
			bunrouter.WithNotFoundHandler(m.web.NotFound),
			bunrouter.WithMethodNotAllowedHandler(m.web.MethodNotAllowed))
		m.Register(r)
		m.handler = r
	})
	return m.handler
}

// Run drives the background work until ctx ends: the event bus and its handlers,
// the outbox relay (or the PostgreSQL forwarder), the mail queue's dispatcher,
// the clean-up of expired sessions and tokens, and the renewal scheduler
// (reminders, lapses). It returns when everything stopped.
func (m *Module) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 7)
	start := func(name string, fn func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := fn(ctx)
			// A bus closed because we are stopping is the normal way out.
			closedOnStop := ctx.Err() != nil && errors.Is(err, watermillbus.ErrClosed)
			if err != nil && !errors.Is(err, context.Canceled) && !closedOnStop {
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		}()
	}
	start("bus", m.bus.Run)
	select {
	case <-m.bus.Running():
	case <-ctx.Done():
	}
	if m.relay != nil {
		start("relay", m.relay.Run)
	}
	if m.fwd != nil {
		start("forwarder", m.fwd.Run)
	}
	start("mail", m.mail.Run)
	start("cleanup", m.cleanup)
	start("renewals", m.renewals)
	start("payment queries", m.paymentQueries)
	start("exports", m.exportJobs)
	start("bulk notices", m.bulkNotices)
	<-ctx.Done()
	_ = m.bus.Close()
	if m.fwd != nil {
		_ = m.fwd.Close()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// renewals runs the renewal sweep every Config.Renewal.SweepEvery, first soon
// after start. Any number of instances may run it; the lease lets one at a time
// do the work.
func (m *Module) renewals(ctx context.Context) error {
	every := m.cfg.Renewal.SweepEvery
	if every < 0 {
		return nil
	}
	holder := scheduler.InstanceID()
	defer func() {
		// Hand the lease over at once to the other instances.
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.RenewalSweepLease, holder)
	}()
	scheduler.Every(ctx, min(5*time.Second, every), every, func(ctx context.Context) {
		res, err := m.app.Commands.RenewalSweep.Handle(ctx, holder)
		if ctx.Err() == nil {
			m.metrics.SweepRun(res.Ran, err)
		}
		switch {
		case err != nil && ctx.Err() == nil:
			m.logger.Warn("renewal sweep", "err", err)
		case res.Ran && res.Changed > 0:
			m.logger.Info("renewal sweep", "examined", res.Examined, "changed", res.Changed)
		}
		// Overdue advance invoices: each reminder once (keyed), on any instance.
		if _, err := m.app.Commands.RemindAdvances.Handle(ctx); err != nil && ctx.Err() == nil {
			m.logger.Warn("advance invoice reminders", "err", err)
		}
	})
	return nil
}

// Close releases the database. Call it after Run returned.
func (m *Module) Close() error {
	var err error
	m.closeOnce.Do(func() {
		if m.sandbox != nil {
			m.sandbox.Close()
		}
		if m.fwd != nil { // a forwarder that never ran is closed here
			err = m.fwd.Close()
		}
		err = errors.Join(err, m.bus.Close())
		if m.nats != nil {
			err = errors.Join(err, m.nats.Close())
		}
		err = errors.Join(err, m.db.Close())
	})
	return err
}

// DataDir returns the folder the module keeps its files in.
func (m *Module) DataDir() string { return m.cfg.DataDir }

// MailDir returns the folder the embedded default mailer writes .eml files to.
func (m *Module) MailDir() string { return filepath.Join(m.cfg.DataDir, "mail") }

// Ports returns the adapters the core runs on (repositories, stores, mailer …), for
// hosts and tests that need to reach below the use cases.
func (m *Module) Ports() app.Deps { return m.deps }

// paymentQueryEvery is how often the lost-notification job looks
// (Config.Alipay.QueryEvery, default 5 minutes; negative: never).
func (m *Module) paymentQueryEvery() time.Duration {
	return cmp.Or(m.cfg.Alipay.QueryEvery, 5*time.Minute)
}

// paymentQueries runs the lost-notification job: every
// Config.Alipay.QueryEvery it asks the gateway about the online orders open
// longer than Config.Alipay.QueryAfter and records the paid ones as their
// notification would have. Any number of instances may run it; the lease lets
// one at a time ask. Nothing runs without a gateway that can be asked.
func (m *Module) paymentQueries(ctx context.Context) error {
	every, job := m.paymentQueryEvery(), m.app.Commands.QueryOpenPayments
	if every < 0 || !job.Enabled() {
		return nil
	}
	holder := scheduler.InstanceID()
	defer func() { // hand the lease over at once
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.QueryOpenPaymentsLease, holder)
	}()
	scheduler.Every(ctx, min(time.Minute, every), every, func(ctx context.Context) {
		res, err := job.Handle(ctx, holder)
		switch {
		case err != nil && ctx.Err() == nil:
			m.logger.Warn("payment query", "err", err, "asked", res.Asked, "recorded", res.Recorded)
		case res.Recorded > 0:
			m.logger.Info("payment query: payments whose notification was lost were recorded",
				"asked", res.Asked, "recorded", res.Recorded)
		}
	})
	return nil
}

// RetentionConfig says how long the clean-up loop in Run keeps rows that only
// serve for a while. Zero fields take the defaults shown; negative ones are
// refused. Expired sessions and tokens are deleted as soon as they expire.
type RetentionConfig struct {
	// SentEvents is how long outbox rows stay after they were sent: on SQLite
	// after the relay sent them, on PostgreSQL after they were written, once the
	// forwarder has moved them to the bus (watermill-sql's outbox keeps no send
	// time). Unsent rows are kept whatever their age. Default 1 h.
	SentEvents time.Duration
	// SentMail is how long sent emails (their bodies and their idempotency keys,
	// which stop a redelivered event from mailing twice) are kept. Default:
	// Mail.Queue.Retention when set, else 7 days.
	SentMail time.Duration
	// LoginAttempts is how long failed logins are kept; it must exceed every
	// throttling window (15 minutes). Default 24 h.
	LoginAttempts time.Duration
	// HandledEvents is how long the event handlers remember an event they
	// handled, far longer than any redelivery takes. Default 30 days.
	HandledEvents time.Duration
}

// retentionDefaults fills in and checks Config.Retention.
func (c *Config) retentionDefaults() error {
	r := &c.Retention
	if r.SentEvents < 0 || r.SentMail < 0 || r.LoginAttempts < 0 || r.HandledEvents < 0 {
		return errors.New("membership: Retention durations must not be negative")
	}
	if r.SentMail == 0 {
		r.SentMail = c.Mail.Queue.Retention
	}
	for _, f := range []struct {
		dst *time.Duration
		def time.Duration
	}{{&r.SentEvents, time.Hour}, {&r.SentMail, 7 * 24 * time.Hour},
		{&r.LoginAttempts, 24 * time.Hour}, {&r.HandledEvents, 30 * 24 * time.Hour}} {
		if *f.dst == 0 {
			*f.dst = f.def
		}
	}
	if r.LoginAttempts < 15*time.Minute {
		return errors.New("membership: Retention.LoginAttempts must be at least 15m, the throttling window")
	}
	return nil
}

// pruner is storage that forgets rows older than a time.
type pruner interface {
	DeleteBefore(ctx context.Context, before time.Time) (int, error)
}

// sentPruner is a queue that forgets rows sent before a time.
type sentPruner interface {
	PruneSent(ctx context.Context, before time.Time) (int, error)
}

// cleanup deletes, at once and then every Config.CleanupEvery, the expired
// sessions and tokens, and prunes the sent outbox rows, the sent emails, the
// failed logins and the handled events past their Config.Retention. Times are
// the module's clock: tests that set it keep their tokens. Each deletion is
// counted in membership_cleanup_deleted_total{what}.
func (m *Module) cleanup(ctx context.Context) error {
	r := m.cfg.Retention
	scheduler.Every(ctx, 0, m.cfg.CleanupEvery, func(ctx context.Context) {
		now := m.deps.Clock.Now()
		m.tidy(ctx, "sessions", func() (int, error) { return m.deps.Sessions.DeleteExpired(ctx, now) })
		m.tidy(ctx, "tokens", func() (int, error) { return m.deps.Tokens.DeleteExpired(ctx, now) })
		if p, ok := m.deps.LoginAttempts.(pruner); ok {
			m.tidy(ctx, "login_attempts", func() (int, error) { return p.DeleteBefore(ctx, now.Add(-r.LoginAttempts)) })
		}
		if p, ok := m.deps.HandledEvents.(pruner); ok {
			m.tidy(ctx, "handled_events", func() (int, error) { return p.DeleteBefore(ctx, now.Add(-r.HandledEvents)) })
		}
		if m.sentEvents != nil {
			m.tidy(ctx, "sent_events", func() (int, error) { return m.sentEvents.PruneSent(ctx, now.Add(-r.SentEvents)) })
		}
		if m.sentMail != nil {
			m.tidy(ctx, "sent_mail", func() (int, error) { return m.sentMail.PruneSent(ctx, now.Add(-r.SentMail)) })
		}
		m.tidy(ctx, "export_jobs", func() (int, error) { return m.app.Queries.ExportJobs.Cleanup(ctx, m.logger) })
	})
	return nil
}

// tidy runs one deletion of the clean-up, logs and counts what it did.
func (m *Module) tidy(ctx context.Context, what string, del func() (int, error)) {
	n, err := del()
	switch {
	case err != nil && ctx.Err() == nil:
		m.logger.Warn("clean-up: delete "+what, "err", err)
		m.metrics.CleanupFailed(what)
	case n > 0:
		m.logger.Debug("clean-up: deleted "+what, "count", n)
		m.metrics.CleanedUp(what, n)
	}
}

// exportJobs runs the background exports (导出任务) one after another: at once
// when this instance queued one, else every Config.Exports.Poll. A failed job
// is logged; the staff member sees it failed in 导出任务.
func (m *Module) exportJobs(ctx context.Context) error {
	h := m.app.Queries.ExportJobs
	t := time.NewTicker(m.cfg.Exports.exportPoll())
	defer t.Stop()
	for {
		for {
			ran, err := h.RunNext(ctx)
			if err != nil && ctx.Err() == nil {
				m.logger.Warn("export job failed", "err", err)
			}
			if !ran || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-h.Wake():
		}
	}
}

// bulkNotices runs the bulk notices' (群发通知) dispatcher every
// Config.BulkNotices.Every (default 1 s): each round delivers batches of
// pending recipients within the send rate until none is left or the rate
// holds them back. Any number of instances may run it; the lease lets one at
// a time deliver.
func (m *Module) bulkNotices(ctx context.Context) error {
	every := cmp.Or(m.cfg.BulkNotices.Every, time.Second)
	if every < 0 {
		return nil
	}
	holder := scheduler.InstanceID()
	defer func() { // hand the lease over at once
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.BulkNoticesLease, holder)
	}()
	scheduler.Every(ctx, every, every, func(ctx context.Context) {
		for ctx.Err() == nil {
			res, err := m.app.Commands.DispatchBulkNotices.Handle(ctx, holder)
			if err != nil {
				if ctx.Err() == nil {
					m.logger.Warn("bulk notices", "err", err, "campaign", res.Campaign)
				}
				return
			}
			if res.Delivered+res.Failed == 0 || res.Limited {
				return
			}
		}
	})
	return nil
}
