package membership

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/casbinauthz"
	"github.com/openassoc/membership/adapters/filemail"
	"github.com/openassoc/membership/adapters/htmlmail"
	"github.com/openassoc/membership/adapters/httpapi"
	"github.com/openassoc/membership/adapters/localfiles"
	"github.com/openassoc/membership/adapters/mailqueue"
	"github.com/openassoc/membership/adapters/natsbus"
	"github.com/openassoc/membership/adapters/pdfdoc"
	"github.com/openassoc/membership/adapters/prommetrics"
	"github.com/openassoc/membership/adapters/s3files"
	"github.com/openassoc/membership/adapters/sheetreader"
	"github.com/openassoc/membership/adapters/slidercaptcha"
	"github.com/openassoc/membership/adapters/smtpmail"
	"github.com/openassoc/membership/adapters/statement"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/internal/pinyinkey"
	"github.com/openassoc/membership/internal/tabular"
	"github.com/openassoc/membership/ports"
)

// build migrates the database and assembles the module: the bus and the outbox,
// the adapters behind the ports, the core, and the two web adapters.
func (m *Module) build(ctx context.Context, o options, loc *time.Location) error {
	m.db.SetTimeZone(loc) // the registry files the day a member joined in the association's zone
	m.setupMetrics()
	if err := m.db.Migrate(ctx); err != nil {
		return fmt.Errorf("membership: migrate: %w", err)
	}
	if err := m.newCatalog(); err != nil { // texts.go
		return err
	}
	outbox, err := m.events(&o)
	if err != nil {
		return err
	}
	deps, err := m.adapters(o, outbox)
	if err != nil {
		return err
	}
	m.deps = deps
	m.app = app.New(deps, m.coreOptions(loc))
	for _, h := range m.app.EventHandlers {
		if err := m.bus.Subscribe(h.Name, h.Event, watermillbus.HandlerFunc(h.Handle)); err != nil {
			return fmt.Errorf("membership: subscribe %s: %w", h.Name, err)
		}
	}
	m.web, err = webui.New(m.app, webui.Config{
		AssociationName:   m.cfg.AssociationName,
		BaseURL:           m.cfg.BaseURL,
		SessionCookieName: m.cfg.SessionCookieName,
		CaptchaTestMode:   m.cfg.CaptchaTestMode,
		AcceptLanguage:    m.cfg.AcceptLanguage,
		Location:          loc,
		PaymentSandbox:    m.SandboxHandler(),
		PaymentGatewayURL: m.cfg.Alipay.GatewayURL,
		// The string catalog (texts.go) and the language choice.
		Catalog: m.cat,
		Texts:   m.cfg.Texts, // under the admin's 文字替换, applied by the UI
	}, m.logger.With("component", "web"))
	if err != nil {
		return fmt.Errorf("membership: web ui: %w", err)
	}
	m.api = httpapi.New(m.app, m.logger.With("component", "api"), httpapi.WithCatalog(m.cat))
	return nil
}

// events builds the event bus (on NATS when Config.NATSURL names a server and
// the host gave no pub/sub) and the outbox the repositories write events to:
// the outbox table and its relay on SQLite, watermill-sql and its forwarder on
// PostgreSQL. On SQLite every commit wakes the relay.
func (m *Module) events(o *options) (bunstore.EventOutbox, error) {
	reg := event.Registry{}
	member.RegisterEvents(reg)
	if m.cfg.NATSURL != "" && o.publisher == nil {
		ps, err := natsbus.New(natsbus.Config{URL: m.cfg.NATSURL}, m.logger.With("component", "nats"))
		if err != nil {
			return nil, fmt.Errorf("membership: nats: %w", err)
		}
		m.nats = ps
		o.publisher, o.subscriber, o.subscriberFor = ps.Publisher(), nil, ps.SubscriberFor
	}
	bus, err := watermillbus.New(watermillbus.Config{Registry: reg, Publisher: o.publisher, Subscriber: o.subscriber,
		SubscriberFor: o.subscriberFor, Observe: m.metrics.HandlerAttempt}, m.logger.With("component", "bus"))
	if err != nil {
		return nil, fmt.Errorf("membership: bus: %w", err)
	}
	m.bus = bus
	if !m.db.IsPostgres() {
		table := bunstore.NewTableOutbox(m.db)
		// Sent rows are pruned by the clean-up loop (membership.go, the clean-up).
		m.sentEvents = table
		m.relay = watermillbus.NewRelay(table, bus.Publisher(), m.logger.With("component", "relay"), watermillbus.RelayOptions{PruneEvery: -1})
		m.db.AfterCommit(m.relay.Notify) // events leave at once instead of at the next poll
		return table, nil
	}
	if err := watermillbus.InitPostgresOutbox(m.db.SQL(), m.logger); err != nil {
		return nil, fmt.Errorf("membership: outbox: %w", err)
	}
	m.fwd, err = watermillbus.NewPostgresForwarder(m.db.SQL(), bus.Publisher(), m.logger.With("component", "forwarder"))
	if err != nil {
		return nil, fmt.Errorf("membership: forwarder: %w", err)
	}
	// Forwarded rows of watermill-sql's outbox are pruned by the clean-up loop too.
	m.sentEvents = m.fwd
	return watermillbus.NewPostgresOutbox(m.logger), nil
}

// coreOptions are the core's settings from the configuration.
func (m *Module) coreOptions(loc *time.Location) app.Options {
	return app.Options{
		Site: eventhandler.Site{AssociationName: m.cfg.AssociationName, BaseURL: m.cfg.BaseURL, Location: loc,
			Logger: m.logger.With("component", "events"), VerifyLinkFor: m.cfg.EmailVerifyLinkFor},
		CaptchaTestMode: m.cfg.CaptchaTestMode,
		NumberFormats: command.NumberFormats{
			Enterprise: member.NumberFormat{Pattern: m.cfg.MemberNumbers.Enterprise},
			Individual: member.NumberFormat{Pattern: m.cfg.MemberNumbers.Individual},
		},
		Fees:                payment.Fees(m.cfg.Fees),
		Payee:               payment.Payee(m.cfg.Payee),
		PaymentReturnURL:    m.cfg.BaseURL + webui.PaymentReturnPath,
		PaymentNotifyURL:    m.cfg.BaseURL + webui.PaymentNotifyPath,
		Renewal:             m.cfg.renewalPolicy(),
		SweepLeaseTTL:       max(m.cfg.Renewal.SweepEvery*9/10, time.Minute),
		AdvanceReminderDays: m.cfg.Invoices.AdvanceReminderDays,
		BankFeeToleranceFen: m.cfg.Money.BankFeeToleranceFen,
		CouncilForms:        m.cfg.CouncilForms,
		Exports:             m.cfg.Exports.options(),
		ExportSheet:         exportSheet,
		CardKey:             []byte(m.cfg.CardKey),
		PaymentQuery: command.QueryOpenPaymentsOptions{After: m.cfg.Alipay.QueryAfter,
			Within: m.cfg.Alipay.QueryWithin, LeaseTTL: max(m.paymentQueryEvery()*9/10, time.Minute)},

		BulkNotices:          command.BulkDispatchOptions{RatePerMinute: m.cfg.BulkNotices.RatePerMinute},
		InitialCredentialFor: m.cfg.InitialCredentialFor,
		ImportStaleAfter:     m.cfg.ImportStaleAfter,
	}
}

// adapters builds the ports from the configuration and the options.
func (m *Module) adapters(o options, outbox bunstore.EventOutbox) (app.Deps, error) {
	d := app.Deps{
		Members:       bunstore.NewMemberRepository(m.db, outbox),
		Staff:         bunstore.NewStaffRepository(m.db),
		Sessions:      bunstore.NewSessionStore(m.db),
		Tokens:        bunstore.NewTokenStore(m.db),
		LoginAttempts: bunstore.NewLoginAttempts(m.db),
		Sequences:     bunstore.NewSequences(m.db),
		Hasher:        o.hasher,
		CaptchaImager: slidercaptcha.New(),
		Authorizer:    o.authorizer,
		Clock:         o.clock,
		Files:         o.files,
		Documents:     o.documents,
		Applications:  bunstore.NewApplicationIndex(m.db),
		WorkQueues:    bunstore.NewWorkQueueCounter(m.db),
		Notifications: bunstore.NewNotificationRepository(m.db),
		HandledEvents: bunstore.NewHandledEvents(m.db),

		Payments:        bunstore.NewPaymentRepository(m.db),
		Statements:      bunstore.NewStatementRepository(m.db),
		Lookup:          bunstore.NewMemberLookup(m.db),
		Renewals:        bunstore.NewMemberLookup(m.db),
		Leases:          bunstore.NewLeases(m.db),
		Tx:              bunstore.NewTransactor(m.db),
		StatementParser: statement.New(),
		Settings:        bunstore.NewSettings(m.db),
		UndeliveredMail: bunstore.NewMailQueue(m.db),
		Directory:       bunstore.NewMemberDirectory(m.db),
		History:         bunstore.NewMemberHistory(m.db),
		Audit:           bunstore.NewAuditLog(m.db),
		Invoices:        bunstore.NewInvoiceRepository(m.db),
		Reports:         bunstore.NewReports(m.db),

		PublicLookup: bunstore.NewPublicLookup(m.db),
		Articles:     bunstore.NewArticles(m.db),

		Contacts: bunstore.NewContacts(m.db),

		InfoChanges: bunstore.NewInfoChanges(m.db),
		Council:     bunstore.NewCouncil(m.db), // 完善理事资料
		ExportJobs:  bunstore.NewExportJobs(m.db),
		BulkNotices: bunstore.NewBulkNotices(m.db),
		Cards:       bunstore.NewCards(m.db),
		// 企业投稿 (issue 13).
		Submissions: bunstore.NewSubmissions(m.db),
		// 导入老会员 (issue 11).
		LegacyImports: bunstore.NewLegacyImports(m.db),
		Sheets:        sheetreader.New(sheetreader.Limits{}),
		Pinyin:        pinyinkey.FullPinyin,
		// Members' language settings (the site at login, their emails).
		MemberLocales: bunstore.NewMemberLocales(m.db),
	}
	if d.Documents == nil { // built on first use, so that starting stays fast
		d.Documents = pdfdoc.NewLazy(pdfdoc.Config{FontPath: m.cfg.PDFFont, Clock: o.clock, Catalog: m.cat}, m.logger)
	}
	if cr, ok := d.Documents.(ports.CardRenderer); ok { // 我的会员卡's PNG and PDF
		d.CardRenderer = cr
	} else {
		d.CardRenderer = pdfdoc.NewLazy(pdfdoc.Config{FontPath: m.cfg.PDFFont, Clock: o.clock, Catalog: m.cat}, m.logger)
	}
	var err error
	if a := m.cfg.Alipay; o.gateway != nil || (!a.Disabled && (a.configured() || a.Sandbox)) {
		if d.PaymentGateway, err = m.paymentGateway(o); err != nil { // else no online payment at all
			return app.Deps{}, err
		}
	}
	if d.Files == nil {
		if d.Files, err = m.fileStore(); err != nil {
			return app.Deps{}, err
		}
	}
	if d.Hasher == nil {
		d.Hasher = argon2hash.Default()
	}
	if d.Authorizer == nil {
		if d.Authorizer, err = casbinauthz.New(); err != nil {
			return app.Deps{}, fmt.Errorf("membership: policies: %w", err)
		}
	}
	if d.Mailer, err = m.mailQueue(o.mailer); err != nil {
		return app.Deps{}, err
	}
	if d.Mailer, err = m.htmlMail(d.Mailer, o.clock); err != nil {
		return app.Deps{}, err
	}
	return d, nil
}

// mailQueue returns the durable mail queue the handlers get; the dispatcher in
// Run sends through the real mailer (the host's, or the one Config.Mail names).
func (m *Module) mailQueue(mailer ports.Mailer) (ports.Mailer, error) {
	validate := func(ports.Message) error { return nil }
	if mailer == nil {
		var err error
		if mailer, err = m.mailer(); err != nil {
			return nil, err
		}
		from := m.cfg.Mail.From
		validate = func(msg ports.Message) error { // refuse at once what the adapters could never send
			_, err := smtpmail.Compose(from, msg, time.Now())
			return err
		}
	}
	mailer = m.senderName(mailer)
	q := m.cfg.Mail.Queue
	// Sent emails are pruned by the clean-up loop (membership.go, the clean-up).
	store := bunstore.NewMailQueue(m.db)
	m.sentMail = store
	m.mail = mailqueue.New(store, mailer, m.logger.With("component", "mail"), mailqueue.Options{
		RetryMin: q.RetryMin, RetryMax: q.RetryMax, Poll: q.Poll, Lease: q.Lease, PruneEvery: -1,
		Validate: validate,
	})
	return m.mail, nil
}

// mailer returns the mailer Config.Mail names: SMTP, or .eml files in DataDir/mail.
func (m *Module) mailer() (ports.Mailer, error) {
	c := m.cfg.Mail
	if c.SMTP.Host == "" {
		fm, err := filemail.New(filepath.Join(m.cfg.DataDir, "mail"), c.From)
		if err != nil {
			return nil, fmt.Errorf("membership: mail folder: %w", err)
		}
		return fm, nil
	}
	sm, err := smtpmail.New(smtpmail.Config{Host: c.SMTP.Host, Port: c.SMTP.Port, Username: c.SMTP.Username,
		Password: c.SMTP.Password, From: c.From, TLS: smtpmail.TLSMode(c.SMTP.TLS)})
	if err != nil {
		return nil, fmt.Errorf("membership: smtp: %w", err)
	}
	return sm, nil
}

// paymentGateway returns the online payment gateway: the WithPaymentGateway
// option's, a real Alipay gateway from Config.Alipay, or else the embedded
// sandbox Config.Alipay.Sandbox asked for (kept in m.sandbox). A sandbox
// (embedded or Alipay's own) is announced with a warning in the log: its
// payments move no money, and wait for finance's confirmation.
func (m *Module) paymentGateway(o options) (ports.PaymentGateway, error) {
	a := m.cfg.Alipay
	switch {
	case o.gateway != nil:
		return o.gateway, nil
	case a.configured():
		g, err := alipay.New(alipay.Config{GatewayURL: a.GatewayURL, AppID: a.AppID, PrivateKeyPEM: a.PrivateKeyPEM,
			AlipayPublicKeyPEM: a.AlipayPublicKeyPEM, SellerID: a.SellerID, Clock: o.clock})
		if err != nil {
			return nil, fmt.Errorf("membership: Alipay: %w", err)
		}
		if g.IsSandbox() {
			m.logger.Warn("online payments go to Alipay's sandbox and move no real money; "+
				"payments it reports are marked 沙箱支付（未实际收款）", "gateway", a.GatewayURL)
		}
		return g, nil
	}
	m.sandbox = m.embeddedSandbox(o.clock)
	return m.sandbox, nil
}

// embeddedSandbox is the Alipay simulator the module serves itself, built on
// first use. It delivers its notifications to the module's own handler in
// process, so the sandbox works whatever address BaseURL names.
func (m *Module) embeddedSandbox(clock ports.Clock) *alipaysim.Lazy {
	m.logger.Warn("ALIPAY SANDBOX IS ON: online payments go to the embedded Alipay sandbox and move NO real money; "+
		"payments it reports are marked 沙箱支付（未实际收款） and count only once finance confirms them. "+
		"For trials only: turn it off (Config.Alipay.Sandbox, memberd -alipay-sandbox) and configure Alipay "+
		"(Config.Alipay, memberd -alipay-* flags) to take real payments",
		"gateway", m.cfg.BaseURL+alipaysim.SandboxPath)
	self := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.Handler().ServeHTTP(w, r) })
	return alipaysim.NewLazy(m.cfg.BaseURL, alipaysim.WithSandboxClock(clock),
		alipaysim.WithSandboxHTTPClient(alipaysim.HandlerClient(self)),
		alipaysim.WithSandboxLogger(m.logger.With("component", "alipay-sandbox")))
}

// SandboxHandler returns the embedded Alipay sandbox's gateway pages, to mount
// at alipaysim.SandboxPath (/sandbox/alipay/gateway.do) for GET and POST; nil
// when a real gateway is configured or online payment is disabled. Handler and
// Register mount it already.
func (m *Module) SandboxHandler() http.Handler {
	if m.sandbox == nil {
		return nil
	}
	return m.sandbox
}

// AlipaySandbox returns the embedded sandbox's simulator (for tests and tools
// that sign messages as the sandbox gateway), or nil without the sandbox.
func (m *Module) AlipaySandbox() *alipaysim.Sim {
	if m.sandbox == nil {
		return nil
	}
	return m.sandbox.Sim()
}

// fileStore returns the store Config.Files names: an S3 bucket (s3://…), a
// folder, or by default the folder DataDir/files.
func (m *Module) fileStore() (ports.FileStore, error) {
	where := m.cfg.Files
	if strings.HasPrefix(where, "s3://") {
		c, err := s3files.ParseURL(where)
		if err != nil {
			return nil, fmt.Errorf("membership: Files: %w", err)
		}
		s, err := s3files.New(context.Background(), c)
		if err != nil {
			return nil, fmt.Errorf("membership: Files: %w", err)
		}
		m.logger.Info("uploaded files go to S3", "endpoint", c.Endpoint, "bucket", c.Bucket, "prefix", c.Prefix)
		return s, nil
	}
	if where == "" {
		where = filepath.Join(m.cfg.DataDir, "files")
	}
	s, err := localfiles.New(where)
	if err != nil {
		return nil, fmt.Errorf("membership: file folder: %w", err)
	}
	return s, nil
}

// senderName wraps the mailer that sends: each email leaves with the
// sender's display name of 网站设置 (发件人名称), read when it is sent.
func (m *Module) senderName(next ports.Mailer) ports.Mailer {
	source := sitesettings.NewSource(bunstore.NewSettings(m.db), ports.SystemClock{}, m.cfg.AssociationName)
	return htmlmail.NewSenderName(next, func(ctx context.Context) (string, error) {
		s, err := source.Current(ctx)
		if err != nil {
			return "", err
		}
		return s.MailFromName, nil
	})
}

// htmlMail gives every email the module sends an HTML alternative with the
// branding in force (网站设置: name, colour, logo, footer).
func (m *Module) htmlMail(next ports.Mailer, clock ports.Clock) (ports.Mailer, error) {
	if clock == nil {
		clock = ports.SystemClock{}
	}
	source := sitesettings.NewSource(bunstore.NewSettings(m.db), clock, m.cfg.AssociationName)
	base := m.cfg.BaseURL
	return htmlmail.New(next, base, func(ctx context.Context) (htmlmail.Branding, error) {
		s, err := source.Current(ctx)
		if err != nil {
			return htmlmail.Branding{}, err
		}
		b := htmlmail.Branding{Name: s.Name, Primary: s.Primary, Address: s.Address, Phone: s.Phone,
			Email: s.Email, ICP: s.ICP, PSB: s.PSB}
		if s.Logo.Key != "" {
			b.LogoURL = base + "/site/logo?v=" + s.Logo.Version
		}
		return b, nil
	})
}

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

// exportSheet writes the background exports' files (XLSX streamed, or CSV
// with a byte-order mark).
func exportSheet(format string, out io.Writer, title string) (query.SheetWriter, error) {
	w, err := tabular.New(format, out, title)
	if err != nil {
		return nil, fmt.Errorf("export sheet: %w", err)
	}
	return w, nil
}

// newCatalog builds the string catalog the module's edges share — the web
// pages, the JSON API, the PDFs — with the embedder's Config.Texts over the
// shipped files. The web UI keeps the admin's 文字替换 over them
// (adapters/webui/texts.go).
func (m *Module) newCatalog() error {
	cat, err := i18n.New()
	if err != nil {
		return fmt.Errorf("membership: string catalog: %w", err)
	}
	for locale := range m.cfg.Texts {
		if !slices.Contains(i18n.Locales, locale) {
			return fmt.Errorf("membership: Config.Texts: unknown locale %q (known: %v)", locale, i18n.Locales)
		}
	}
	cat.SetOverrides(m.cfg.Texts)
	m.cat = cat
	return nil
}
