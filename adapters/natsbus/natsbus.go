// Package natsbus is the scale-out broker of the event bus: NATS JetStream through
// Watermill (github.com/ThreeDotsLabs/watermill-nats/v2, package nats, with
// JetStream on). Hand it to the module with
//
//	ps, err := natsbus.New(natsbus.Config{URL: "nats://nats:4222"}, logger)
//	defer ps.Close()
//	m, err := membership.New(cfg, membership.WithSubscriberPerHandler(ps.Publisher(), ps.SubscriberFor))
//
// # Streams, subjects and consumers
//
// A topic is an event name ("member.registered"); it travels on the subject
// SubjectPrefix + "." + topic ("membership.member.registered"). New provisions
// one stream (Config.Stream) holding every subject under the prefix, with
// interest retention: a message stays until every consumer interested in its
// subject acknowledged it, and at most Config.MaxAge.
//
// Each event handler gets a durable push consumer of its own, named after the
// handler and the topic and created (or updated) by SubscriberFor's Subscribe, so
// every handler receives every event of its topic, and several instances of the
// application running the same handler share its consumer through a deliver
// (queue) group: each event is handled once per handler, whichever instance takes
// it. The consumers are created by this package and only bound by the client, so
// they survive Close and restarts: events published while no instance runs are
// delivered when one starts again.
//
// # Delivery
//
// Publishing waits for JetStream's acknowledgement, with the Watermill message
// UUID as the NATS message id, so a message republished within the stream's
// duplicate window (for example by an outbox forwarder restarted before it
// stored its offset) is stored once. Handlers acknowledge explicitly; a nacked
// message is redelivered after Config.NakDelay, an unacknowledged one after
// Config.AckWait, without limit: delivery is at least once and handlers must be
// idempotent (watermillbus.MessageID gives the UUID to deduplicate on).
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of Config.
const (
	DefaultStream        = "MEMBERSHIP_EVENTS"
	DefaultSubjectPrefix = "membership"
	DefaultAckWait       = 2 * time.Minute
	DefaultNakDelay      = 500 * time.Millisecond
	DefaultMaxAge        = 7 * 24 * time.Hour
	DefaultMaxAckPending = 64
	DefaultDuplicates    = 2 * time.Minute
	DefaultCloseTimeout  = 30 * time.Second
)

// Config says where NATS is and how the stream and consumers are set up. Only URL
// is required.
type Config struct {
	// URL of the NATS server(s), e.g. "nats://127.0.0.1:4222" (comma-separated
	// for a cluster). The server must run with JetStream enabled.
	URL string
	// Name identifies the connections in the server's monitoring; default "membership".
	Name string
	// Stream names the JetStream stream of the events; default MEMBERSHIP_EVENTS.
	Stream string
	// SubjectPrefix is put before every topic; default "membership".
	SubjectPrefix string
	// Replicas of the stream in a clustered JetStream; default 1.
	Replicas int
	// MaxAge bounds how long an event waits for its consumers; default 7 days.
	MaxAge time.Duration
	// Duplicates is the window in which a republished message id is dropped;
	// default 2 minutes.
	Duplicates time.Duration
	// AckWait is how long a handler may hold a message before JetStream delivers
	// it again; it must cover the bus's retries of a failing handler. Default 2 min.
	AckWait time.Duration
	// NakDelay is how long JetStream waits before redelivering a message whose
	// handler failed after its retries; default 500 ms.
	NakDelay time.Duration
	// MaxAckPending bounds the messages a consumer has in flight; default 64.
	MaxAckPending int
	// CloseTimeout bounds how long closing a subscriber waits for in-flight
	// messages; default 30 s.
	CloseTimeout time.Duration
	// Options are extra nats.Options for every connection (TLS, credentials …).
	Options []nats.Option
}

func (c *Config) setDefaults() {
	if c.Name == "" {
		c.Name = "membership"
	}
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.SubjectPrefix == "" {
		c.SubjectPrefix = DefaultSubjectPrefix
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.MaxAge == 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.Duplicates == 0 {
		c.Duplicates = DefaultDuplicates
	}
	if c.AckWait == 0 {
		c.AckWait = DefaultAckWait
	}
	if c.NakDelay == 0 {
		c.NakDelay = DefaultNakDelay
	}
	if c.MaxAckPending == 0 {
		c.MaxAckPending = DefaultMaxAckPending
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = DefaultCloseTimeout
	}
}

func (c Config) validate() error {
	if strings.TrimSpace(c.URL) == "" {
		return errors.New("natsbus: config needs the NATS URL")
	}
	if !validName(c.Stream) {
		return fmt.Errorf("natsbus: invalid stream name %q", c.Stream)
	}
	if err := checkSubject(c.SubjectPrefix); err != nil {
		return fmt.Errorf("natsbus: subject prefix: %w", err)
	}
	if c.MaxAge < 0 || c.Duplicates < 0 || c.AckWait < 0 || c.NakDelay < 0 || c.MaxAckPending < 0 || c.CloseTimeout < 0 {
		return errors.New("natsbus: durations and limits must not be negative")
	}
	return nil
}

// PubSub is a connection to NATS JetStream with the event stream provisioned. It
// hands out a publisher and one subscriber per event handler. It is safe for
// concurrent use.
type PubSub struct {
	cfg     Config
	logger  *slog.Logger
	wlogger watermill.LoggerAdapter
	nc      *nats.Conn
	js      jetstream.JetStream
	pub     *wmnats.Publisher

	mu     sync.Mutex
	subs   []*subscriber
	closed bool
}

// New connects to NATS and creates or updates the event stream. It fails when
// the server cannot be reached or has JetStream disabled.
func New(cfg Config, logger *slog.Logger) (*PubSub, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ps := &PubSub{cfg: cfg, logger: logger, wlogger: watermill.NewSlogLogger(logger)}
	nc, err := ps.connect("publisher")
	if err != nil {
		return nil, err
	}
	ps.nc = nc
	if err := ps.provision(); err != nil {
		nc.Close()
		return nil, err
	}
	ps.pub, err = wmnats.NewPublisherWithNatsConn(nc, wmnats.PublisherPublishConfig{
		Marshaler:         &wmnats.NATSMarshaler{},
		SubjectCalculator: wmnats.DefaultSubjectCalculator,
		JetStream:         wmnats.JetStreamConfig{TrackMsgId: true},
	}, ps.wlogger)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("natsbus: publisher: %w", err)
	}
	return ps, nil
}

func (ps *PubSub) connect(role string) (*nats.Conn, error) {
	opts := append([]nats.Option{
		nats.Name(ps.cfg.Name + " " + role),
		nats.MaxReconnects(-1), // a broker restart must not end the application's delivery
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				ps.logger.Warn("nats disconnected", "role", role, "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			ps.logger.Info("nats reconnected", "role", role, "url", c.ConnectedUrlRedacted())
		}),
	}, ps.cfg.Options...)
	nc, err := nats.Connect(ps.cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("natsbus: connect to %s: %w", redactURL(ps.cfg.URL), err)
	}
	return nc, nil
}

// provision creates the event stream, or updates it to the configuration.
func (ps *PubSub) provision() error {
	js, err := jetstream.New(ps.nc)
	if err != nil {
		return fmt.Errorf("natsbus: jetstream: %w", err)
	}
	ps.js = js
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        ps.cfg.Stream,
		Description: "membership domain events (adapters/natsbus)",
		Subjects:    []string{ps.cfg.SubjectPrefix + ".>"},
		Retention:   jetstream.InterestPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    ps.cfg.Replicas,
		MaxAge:      ps.cfg.MaxAge,
		Duplicates:  ps.cfg.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("natsbus: create stream %s (is JetStream enabled on the server?): %w", ps.cfg.Stream, err)
	}
	return nil
}

// Subject returns the NATS subject a topic travels on.
func (ps *PubSub) Subject(topic string) string { return ps.cfg.SubjectPrefix + "." + topic }

// Stream returns the name of the event stream.
func (ps *PubSub) Stream() string { return ps.cfg.Stream }

// Publisher returns the publisher of events. Its Close does nothing: the PubSub
// owns the connection (see Close).
func (ps *PubSub) Publisher() message.Publisher { return publisher{ps} }

// Close closes every subscriber handed out and the publisher's connection. It is
// safe to call more than once; the durable consumers stay on the server.
func (ps *PubSub) Close() error {
	ps.mu.Lock()
	if ps.closed {
		ps.mu.Unlock()
		return nil
	}
	ps.closed = true
	subs := ps.subs
	ps.subs = nil
	ps.mu.Unlock()
	var errs []error
	for _, s := range subs {
		errs = append(errs, s.Close())
	}
	errs = append(errs, ps.pub.Close())
	return errors.Join(errs...)
}

func (ps *PubSub) isClosed() bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.closed
}

// publisher publishes topics on their subjects, waiting for JetStream's ack.
type publisher struct{ ps *PubSub }

// Publish stores the messages in the stream; it fails when JetStream did not
// acknowledge them, so the caller (an outbox relay) keeps them for later.
func (p publisher) Publish(topic string, msgs ...*message.Message) error {
	if p.ps.isClosed() {
		return errors.New("natsbus: publish on a closed PubSub")
	}
	if err := checkSubject(topic); err != nil {
		return fmt.Errorf("natsbus: topic: %w", err)
	}
	if err := p.ps.pub.Publish(p.ps.Subject(topic), msgs...); err != nil {
		return fmt.Errorf("natsbus: publish %s: %w", topic, err)
	}
	return nil
}

// Close does nothing: PubSub.Close closes the connection.
func (publisher) Close() error { return nil }

// checkSubject accepts a dot-separated subject without wildcards or blanks.
func checkSubject(s string) error {
	if s == "" {
		return errors.New("empty subject")
	}
	for _, tok := range strings.Split(s, ".") {
		if tok == "" || tok == "*" || tok == ">" || strings.ContainsAny(tok, " \t\r\n*>") {
			return fmt.Errorf("%q is not a plain NATS subject", s)
		}
	}
	return nil
}

// validName reports whether s may name a stream or consumer.
func validName(s string) bool {
	return s != "" && sanitize(s) == s
}

// sanitize makes a stream or consumer name from s: characters NATS forbids in
// names (blanks, '.', '*', '>', path separators, controls) become '_'.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r <= ' ' || r == 0x7f, r == '.', r == '*', r == '>', r == '/', r == '\\':
			return '_'
		}
		return r
	}, s)
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i >= 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "***" + u[i:]
		}
	}
	return u
}
