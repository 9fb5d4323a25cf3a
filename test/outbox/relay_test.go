package outbox_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

const relayInterval = 20 * time.Millisecond

// openOutbox opens a migrated SQLite file and its outbox table.
func openOutbox(t *testing.T) (*bunstore.DB, *bunstore.TableOutbox) {
	t.Helper()
	db := bunstoretest.OpenSQLite(t)
	return db, bunstore.NewTableOutbox(db)
}

// commit appends events in a transaction that commits, or rolls back when rollback is set.
func commit(t *testing.T, db *bunstore.DB, outbox bunstore.EventOutbox, rollback bool, events ...event.Event) {
	t.Helper()
	errRollback := errors.New("business rule failed")
	err := db.Bun().RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		if err := outbox.Append(ctx, tx, events); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if rollback {
		require.ErrorIs(t, err, errRollback)
	} else {
		require.NoError(t, err)
	}
}

// runRelay runs a relay until the returned stop function is called.
func runRelay(t *testing.T, src watermillbus.OutboxSource, pub message.Publisher, opts watermillbus.RelayOptions) (*watermillbus.Relay, func()) {
	t.Helper()
	if opts.PollInterval == 0 {
		opts.PollInterval = relayInterval
	}
	relay := watermillbus.NewRelay(src, pub, testLogger(t), opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- relay.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			assert.NoError(t, <-done)
		})
	}
	t.Cleanup(stop)
	return relay, stop
}

func unsent(t *testing.T, src watermillbus.OutboxSource) int {
	t.Helper()
	rows, err := src.FetchUnsent(context.Background(), 1000)
	require.NoError(t, err)
	return len(rows)
}

func TestRelayDeliversCommittedEventsExactlyOnce(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	var welcome, audit, claims recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("SendWelcomeOnRegistered", "member.registered", welcome.Handle))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
		require.NoError(t, b.Subscribe("NotifyFinanceOnPaymentClaimed", "member.payment_claimed", claims.Handle))
	})
	relay, _ := runRelay(t, outbox, b.Publisher(), watermillbus.RelayOptions{PollInterval: time.Minute})

	claimed := member.PaymentClaimed{Base: registered("m1").Base}
	commit(t, db, outbox, false, registered("m1"), registered("m2"), claimed,
		member.PasswordChanged{Base: registered("m1").Base}) // no handler: marked sent all the same
	relay.Notify() // the poll interval is a minute: only Notify can explain a prompt delivery

	require.Eventually(t, func() bool { return unsent(t, outbox) == 0 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(3 * relayInterval)
	for _, r := range []*recorder{&welcome, &audit} {
		events, ids := r.Received()
		assert.Equal(t, []event.Event{registered("m1"), registered("m2")}, events)
		assert.Len(t, ids, 2)
		assert.NotEqual(t, ids[0], ids[1])
	}
	events, _ := claims.Received()
	assert.Equal(t, []event.Event{claimed}, events)
	_, welcomeIDs := welcome.Received()
	_, auditIDs := audit.Received()
	assert.Equal(t, welcomeIDs, auditIDs, "one message UUID per event, whatever the handler")
}

func TestRelayEmitsNothingForARolledBackTransaction(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("OnRegistered", "member.registered", got.Handle))
	})
	relay, _ := runRelay(t, outbox, b.Publisher(), watermillbus.RelayOptions{})

	commit(t, db, outbox, true, registered("m1"), registered("m2"))
	relay.Notify()
	time.Sleep(5 * relayInterval)

	assert.Zero(t, got.Count())
	assert.Zero(t, unsent(t, outbox))

	commit(t, db, outbox, false, registered("m3")) // the relay is alive: this one arrives
	require.Eventually(t, func() bool { return got.Count() == 1 }, 5*time.Second, 5*time.Millisecond)
	events, _ := got.Received()
	assert.Equal(t, []event.Event{registered("m3")}, events)
}

// crashingPublisher publishes, then "crashes" the relay by cancelling its
// context before the relay can mark the row sent.
type crashingPublisher struct {
	message.Publisher
	crash     func()
	published atomic.Int32
}

func (p *crashingPublisher) Publish(topic string, msgs ...*message.Message) error {
	err := p.Publisher.Publish(topic, msgs...)
	p.published.Add(1)
	p.crash()
	return err
}

// dedupe is an idempotent consumer: it records each message UUID once.
type dedupe struct {
	mu         sync.Mutex
	deliveries int
	seen       map[string]event.Event
}

func (d *dedupe) handle(ctx context.Context, e event.Event) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deliveries++
	if _, dup := d.seen[watermillbus.MessageID(ctx)]; !dup {
		d.seen[watermillbus.MessageID(ctx)] = e
	}
	return nil
}

func TestRelayRepublishesAfterACrashBeforeMarkSent(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	consumer := &dedupe{seen: map[string]event.Event{}}
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.handle))
	})
	commit(t, db, outbox, false, registered("m1"))

	ctx, crash := context.WithCancel(context.Background())
	pub := &crashingPublisher{Publisher: b.Publisher(), crash: crash}
	first := watermillbus.NewRelay(outbox, pub, testLogger(t), watermillbus.RelayOptions{PollInterval: relayInterval})
	require.NoError(t, first.Run(ctx)) // returns after the crash
	assert.EqualValues(t, 1, pub.published.Load())
	assert.Equal(t, 1, unsent(t, outbox), "the crash left the row unsent")

	runRelay(t, outbox, b.Publisher(), watermillbus.RelayOptions{}) // the restart
	require.Eventually(t, func() bool { return unsent(t, outbox) == 0 }, 5*time.Second, 5*time.Millisecond)

	consumer.mu.Lock()
	defer consumer.mu.Unlock()
	assert.Equal(t, 2, consumer.deliveries, "delivered again after the restart")
	assert.Len(t, consumer.seen, 1, "recorded exactly once")
	for _, e := range consumer.seen {
		assert.Equal(t, registered("m1"), e)
	}
}
