package watermillbus

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/components/forwarder"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/event"
)

// PostgresOutboxTopic is the watermill-sql topic holding enveloped events until
// the forwarder moves them to the bus; its rows live in "watermill_outbox" and the
// forwarder's offsets in "watermill_offsets_outbox".
const PostgresOutboxTopic = "outbox"

// Defaults of the PostgreSQL forwarder's subscriber.
const (
	postgresPollInterval = 100 * time.Millisecond
	// postgresAckDeadline bounds how long one forwarded message may wait for the bus
	// (with the blocking GoChannel: for its handlers) before it is redelivered.
	postgresAckDeadline = 2 * time.Minute
)

// postgresSchema is watermill-sql's own PostgreSQL schema, shared by the outbox
// publisher and the forwarder's subscriber.
func postgresSchema() wsql.DefaultPostgreSQLSchema { return wsql.DefaultPostgreSQLSchema{} }

// PostgresOutbox implements bunstore.EventOutbox on PostgreSQL: it writes the events
// with watermill-sql on the caller's transaction, wrapped in forwarder envelopes
// addressed to the event names, so they exist only if the transaction commits.
// The schema must exist beforehand: see InitPostgresOutbox.
type PostgresOutbox struct {
	wlogger watermill.LoggerAdapter
}

// NewPostgresOutbox returns the PostgreSQL event outbox.
func NewPostgresOutbox(logger *slog.Logger) *PostgresOutbox {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &PostgresOutbox{wlogger: newWatermillLogger(logger)}
}

// Append writes events into the outbox inside tx.
func (o *PostgresOutbox) Append(ctx context.Context, tx bun.Tx, events []event.Event) error {
	if len(events) == 0 {
		return nil
	}
	if tx.Tx == nil {
		return errors.New("watermillbus: postgres outbox needs an open transaction")
	}
	sqlPub, err := wsql.NewPublisher(wsql.TxFromStdSQL(tx.Tx),
		wsql.PublisherConfig{SchemaAdapter: postgresSchema()}, o.wlogger)
	if err != nil {
		return fmt.Errorf("watermillbus: outbox publisher: %w", err)
	}
	pub := forwarder.NewPublisher(sqlPub, forwarder.PublisherConfig{ForwarderTopic: PostgresOutboxTopic})
	for _, e := range events {
		msg, err := Encode(e)
		if err != nil {
			return err
		}
		msg.SetContext(ctx) // the SQL publisher runs its INSERT with this context
		if err := pub.Publish(e.EventName(), msg); err != nil {
			return fmt.Errorf("watermillbus: append %s to outbox: %w", e.EventName(), err)
		}
	}
	return nil
}

// InitPostgresOutbox creates the outbox and offsets tables if missing. Run it once
// at startup, outside any transaction (DDL must not run in the business one).
func InitPostgresOutbox(db *stdsql.DB, logger *slog.Logger) error {
	sub, err := newPostgresSubscriber(db, logger)
	if err != nil {
		return err
	}
	defer sub.Close()
	if err := sub.SubscribeInitialize(PostgresOutboxTopic); err != nil {
		return fmt.Errorf("watermillbus: initialize postgres outbox: %w", err)
	}
	return nil
}

func newPostgresSubscriber(db *stdsql.DB, logger *slog.Logger) (*wsql.Subscriber, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	deadline := postgresAckDeadline
	sub, err := wsql.NewSubscriber(wsql.BeginnerFromStdSQL(db), wsql.SubscriberConfig{
		SchemaAdapter:  postgresSchema(),
		OffsetsAdapter: wsql.DefaultPostgreSQLOffsetsAdapter{},
		PollInterval:   postgresPollInterval,
		AckDeadline:    &deadline,
	}, newWatermillLogger(logger))
	if err != nil {
		return nil, fmt.Errorf("watermillbus: postgres outbox subscriber: %w", err)
	}
	return sub, nil
}

// PostgresForwarder moves events from the PostgreSQL outbox to the bus with
// Watermill's forwarder. Several instances may run: the offsets table lets one
// of them take each message. A message is acknowledged once pub accepted it.
type PostgresForwarder struct {
	fwd *forwarder.Forwarder
	sub message.Subscriber
	// db holds the outbox whose forwarded rows PruneSent deletes (nil for a
	// forwarder built from another subscriber).
	db *stdsql.DB

	mu     sync.Mutex
	ran    bool // Run was called: closing must stop the forwarder's router
	closed bool
}

// NewPostgresForwarder initializes the outbox schema (InitPostgresOutbox) and
// returns a forwarder from it to pub, usually Bus.Publisher().
func NewPostgresForwarder(db *stdsql.DB, pub message.Publisher, logger *slog.Logger) (*PostgresForwarder, error) {
	if err := InitPostgresOutbox(db, logger); err != nil {
		return nil, err
	}
	sub, err := newPostgresSubscriber(db, logger)
	if err != nil {
		return nil, err
	}
	f, err := newForwarder(sub, pub, logger)
	if err != nil {
		return nil, err
	}
	f.db = db
	return f, nil
}

// newForwarder returns a forwarder from the outbox topic of sub to pub; it
// closes sub when the forwarder cannot be built.
func newForwarder(sub message.Subscriber, pub message.Publisher, logger *slog.Logger) (*PostgresForwarder, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	fwd, err := forwarder.NewForwarder(sub, pub, newWatermillLogger(logger),
		forwarder.Config{ForwarderTopic: PostgresOutboxTopic, CloseTimeout: 30 * time.Second})
	if err != nil {
		_ = sub.Close()
		return nil, fmt.Errorf("watermillbus: postgres forwarder: %w", err)
	}
	return &PostgresForwarder{fwd: fwd, sub: sub}, nil
}

// Run forwards until ctx is cancelled or Close is called. After Close it
// returns ErrClosed at once.
func (f *PostgresForwarder) Run(ctx context.Context) error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return ErrClosed
	}
	f.ran = true
	f.mu.Unlock()
	return f.fwd.Run(ctx)
}

// Running is closed once the forwarder subscribed to the outbox.
func (f *PostgresForwarder) Running() chan struct{} { return f.fwd.Running() }

// Close stops forwarding and closes the outbox subscriber. It may be called
// whether or not Run ran, and more than once.
func (f *PostgresForwarder) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	if !f.ran {
		// Closing a router that never ran would wait the whole CloseTimeout for
		// handlers that never started: there is only the subscriber to close.
		return f.sub.Close()
	}
	return errors.Join(f.fwd.Close(), f.sub.Close())
}
