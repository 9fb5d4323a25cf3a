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
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/httpapi"
	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/adapters/mailqueue"
	"github.com/openassoc/membership/adapters/natsbus"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
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
	nats   *natsbus.PubSub  // the broker when Config.NATSURL is set
	web    *webui.UI
	api    *httpapi.API
	deps   app.Deps
	// sandbox is the embedded Alipay sandbox, nil with a real gateway or none.
	sandbox *lazySandbox

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

func (m *Module) build(ctx context.Context, o options, loc *time.Location) error {
	if err := m.db.Migrate(ctx); err != nil {
		return fmt.Errorf("membership: migrate: %w", err)
	}
	reg := event.Registry{}
	member.RegisterEvents(reg)
	if m.cfg.NATSURL != "" && o.publisher == nil {
		ps, err := natsbus.New(natsbus.Config{URL: m.cfg.NATSURL}, m.logger.With("component", "nats"))
		if err != nil {
			return fmt.Errorf("membership: nats: %w", err)
		}
		m.nats = ps
		o.publisher, o.subscriber, o.subscriberFor = ps.Publisher(), nil, ps.SubscriberFor
	}
	bus, err := watermillbus.New(watermillbus.Config{Registry: reg, Publisher: o.publisher, Subscriber: o.subscriber,
		SubscriberFor: o.subscriberFor}, m.logger.With("component", "bus"))
	if err != nil {
		return fmt.Errorf("membership: bus: %w", err)
	}
	m.bus = bus

	var outbox bunstore.EventOutbox
	if m.db.IsPostgres() {
		if err := watermillbus.InitPostgresOutbox(m.db.SQL(), m.logger); err != nil {
			return fmt.Errorf("membership: outbox: %w", err)
		}
		outbox = watermillbus.NewPostgresOutbox(m.logger)
		m.fwd, err = watermillbus.NewPostgresForwarder(m.db.SQL(), bus.Publisher(), m.logger.With("component", "forwarder"))
		if err != nil {
			return fmt.Errorf("membership: forwarder: %w", err)
		}
	} else {
		table := bunstore.NewTableOutbox(m.db)
		outbox = table
		m.relay = watermillbus.NewRelay(table, bus.Publisher(), m.logger.With("component", "relay"), watermillbus.RelayOptions{})
	}

	deps, err := m.adapters(o, outbox)
	if err != nil {
		return err
	}
	m.deps = deps
	m.app = app.New(deps, app.Options{
		Site: eventhandler.Site{AssociationName: m.cfg.AssociationName, BaseURL: m.cfg.BaseURL, Location: loc,
			Logger: m.logger.With("component", "events")},
		CaptchaTestMode: m.cfg.CaptchaTestMode,
		NumberFormats: command.NumberFormats{
			Enterprise: member.NumberFormat{Pattern: m.cfg.MemberNumbers.Enterprise},
			Individual: member.NumberFormat{Pattern: m.cfg.MemberNumbers.Individual},
		},
		Fees:             payment.Fees(m.cfg.Fees),
		Payee:            payment.Payee(m.cfg.Payee),
		PaymentReturnURL: m.cfg.BaseURL + webui.PaymentReturnPath,
		PaymentNotifyURL: m.cfg.BaseURL + webui.PaymentNotifyPath,
		Renewal:          m.cfg.renewalPolicy(),
		SweepLeaseTTL:    max(m.cfg.Renewal.SweepEvery*9/10, time.Minute),
	})
	for _, h := range m.app.EventHandlers {
		if err := bus.Subscribe(h.Name, h.Event, watermillbus.HandlerFunc(h.Handle)); err != nil {
			return fmt.Errorf("membership: subscribe %s: %w", h.Name, err)
		}
	}
	m.web, err = webui.New(m.app, webui.Config{
		AssociationName:   m.cfg.AssociationName,
		BaseURL:           m.cfg.BaseURL,
		SessionCookieName: m.cfg.SessionCookieName,
		CaptchaTestMode:   m.cfg.CaptchaTestMode,
		Location:          loc,
		PaymentSandbox:    m.SandboxHandler(),
		PaymentGatewayURL: m.cfg.Alipay.GatewayURL,
	}, m.logger.With("component", "web"))
	if err != nil {
		return fmt.Errorf("membership: web ui: %w", err)
	}
	m.api = httpapi.New(m.app, m.logger.With("component", "api"))
	return nil
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
		ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := m.db.Ready(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return nil
		}
		_, err := w.Write([]byte("ready\n"))
		return err
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
	return httpmw.Chain(httpmw.Options{Logger: m.logger, TrustProxy: m.cfg.TrustProxy,
		QuietPaths: []string{"/healthz", "/readyz"}})
}

// Handler returns the whole HTTP surface (web app, API, health) as one handler.
func (m *Module) Handler() http.Handler {
	m.handlerOnce.Do(func() {
		r := bunrouter.New(bunrouter.Use(m.Middleware()),
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
	errs := make(chan error, 6)
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

func (m *Module) cleanup(ctx context.Context) error {
	t := time.NewTicker(m.cfg.CleanupEvery)
	defer t.Stop()
	for {
		now := m.deps.Clock.Now() // the module's clock: tests that set it keep their tokens
		if n, err := m.deps.Sessions.DeleteExpired(ctx, now); err != nil && ctx.Err() == nil {
			m.logger.Warn("delete expired sessions", "err", err)
		} else if n > 0 {
			m.logger.Info("deleted expired sessions", "count", n)
		}
		if _, err := m.deps.Tokens.DeleteExpired(ctx, now); err != nil && ctx.Err() == nil {
			m.logger.Warn("delete expired tokens", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Close releases the database. Call it after Run returned.
func (m *Module) Close() error {
	var err error
	m.closeOnce.Do(func() {
		if m.sandbox != nil {
			m.sandbox.close()
		}
		err = m.bus.Close()
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
