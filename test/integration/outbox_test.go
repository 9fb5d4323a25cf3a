//go:build integration

package integration

import (
	"context"
	"errors"
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
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/test/integration/busscenario"
)

// patience is how long a test waits for a delivery; settle how long it then
// waits for unexpected ones (several forwarder polls).
const (
	patience = 20 * time.Second
	settle   = 500 * time.Millisecond
)

// TestOutboxOnPostgres checks the production PostgreSQL outbox — watermill-sql
// on the business transaction, relayed by Watermill's forwarder — delivering to
// the bus on each broker.
func TestOutboxOnPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	for _, b := range brokers(t) {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			t.Run("committed events arrive, rolled-back ones never", func(t *testing.T) {
				t.Parallel()
				outboxCommitAndRollback(t, dsn, b.factory)
			})
			t.Run("events committed while no forwarder runs arrive once it starts", func(t *testing.T) {
				t.Parallel()
				outboxForwarderRestart(t, dsn, b.factory)
			})
			t.Run("a crash after publishing and before the ack loses nothing and duplicates nothing", func(t *testing.T) {
				t.Parallel()
				outboxCrashBeforeAck(t, dsn, b.factory)
			})
			t.Run("the clean-up prunes forwarded rows and keeps waiting ones", func(t *testing.T) {
				t.Parallel()
				outboxPruneForwarded(t, dsn, b.factory)
			})
		})
	}
}

// openOutboxDB opens a migrated schema of the test's own with the outbox tables.
func openOutboxDB(t *testing.T, dsn string) *bunstore.DB {
	t.Helper()
	db := bunstoretest.OpenPostgres(t, dsn)
	require.NoError(t, watermillbus.InitPostgresOutbox(db.SQL(), testLogger(t)))
	return db
}

// runForwarder forwards the schema's outbox to pub until the returned stop (or
// the test's end).
func runForwarder(t *testing.T, db *bunstore.DB, pub message.Publisher) (stop func()) {
	t.Helper()
	fwd, err := watermillbus.NewPostgresForwarder(db.SQL(), pub, testLogger(t))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- fwd.Run(context.Background()) }()
	select {
	case <-fwd.Running():
	case err := <-done:
		t.Fatalf("forwarder stopped at start: %v", err)
	case <-time.After(patience):
		t.Fatal("forwarder did not start")
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			assert.NoError(t, fwd.Close())
			assert.NoError(t, <-done)
		}
	}
	t.Cleanup(stop)
	return stop
}

// failingOutbox writes the events into the transaction, then fails: the
// repository's transaction rolls back after the outbox rows were written.
type failingOutbox struct{ bunstore.EventOutbox }

var errAfterAppend = errors.New("business rule failed after the events were written")

func (o failingOutbox) Append(ctx context.Context, tx bun.Tx, events []event.Event) error {
	if err := o.EventOutbox.Append(ctx, tx, events); err != nil {
		return err
	}
	return errAfterAppend
}

func newMember(t *testing.T, name, email string) *member.Member {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: member.Individual, Name: name, Email: email,
		PasswordHash: "$argon2id$hash-of-" + name}, time.Now())
	require.NoError(t, err)
	return m
}

func outboxCommitAndRollback(t *testing.T, dsn string, f busscenario.Factory) {
	ctx := context.Background()
	db := openOutboxDB(t, dsn)
	outbox := watermillbus.NewPostgresOutbox(testLogger(t))
	repo := bunstore.NewMemberRepository(db, outbox)
	failing := bunstore.NewMemberRepository(db, failingOutbox{outbox})
	var welcome, audit, passwords busscenario.Recorder
	bus := busscenario.StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("SendWelcomeOnRegistered", "member.registered", welcome.Handle))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
		require.NoError(t, b.Subscribe("NotifyOnPasswordChanged", "member.password_changed", passwords.Handle))
	})
	runForwarder(t, db, bus.Publisher())

	ada := newMember(t, "艾达", "ada@example.org")
	require.NoError(t, repo.Add(ctx, ada))
	ghost := newMember(t, "幽灵", "ghost@example.org")
	require.ErrorIs(t, failing.Add(ctx, ghost), errAfterAppend)
	_, err := repo.Get(ctx, ghost.ID())
	require.Equal(t, apperr.KindNotFound, apperr.As(err).Kind, "the rolled-back member was not stored: %v", err)
	require.ErrorIs(t, failing.Update(ctx, ada.ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("$argon2id$rolled-back", time.Now())
		return nil
	}), errAfterAppend)
	require.NoError(t, repo.Update(ctx, ada.ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("$argon2id$committed", time.Now())
		return nil
	}))

	require.Eventually(t, func() bool {
		return welcome.Count() >= 1 && audit.Count() >= 1 && passwords.Count() >= 1
	}, patience, 10*time.Millisecond)
	time.Sleep(settle)
	for _, r := range []*busscenario.Recorder{&welcome, &audit} {
		events, _ := r.Received()
		require.Len(t, events, 1, "only the committed registration")
		assert.Equal(t, ada.ID(), events[0].(member.Registered).MemberID)
	}
	events, _ := passwords.Received()
	require.Len(t, events, 1, "only the committed password change")
	assert.Equal(t, ada.ID(), events[0].(member.PasswordChanged).MemberID)
}

func outboxForwarderRestart(t *testing.T, dsn string, f busscenario.Factory) {
	ctx := context.Background()
	db := openOutboxDB(t, dsn)
	repo := bunstore.NewMemberRepository(db, watermillbus.NewPostgresOutbox(testLogger(t)))
	consumer := busscenario.NewDedupe()
	bus := busscenario.StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.Handle))
	})

	// Committed while no forwarder runs: the process died between commit and relay.
	require.NoError(t, repo.Add(ctx, newMember(t, "一号", "one@example.org")))
	stop := runForwarder(t, db, bus.Publisher())
	require.Eventually(t, func() bool { return consumer.Unique() == 1 }, patience, 10*time.Millisecond)
	waitOutboxAcked(t, db, 1)
	stop()

	require.NoError(t, repo.Add(ctx, newMember(t, "二号", "two@example.org")))
	time.Sleep(settle)
	require.Equal(t, 1, consumer.Unique(), "nothing moves without a forwarder")
	runForwarder(t, db, bus.Publisher()) // the restart
	require.Eventually(t, func() bool { return consumer.Unique() == 2 }, patience, 10*time.Millisecond)
	time.Sleep(settle)
	assert.Equal(t, 2, consumer.Deliveries(), "each event once: the restarted forwarder skips acknowledged ones")
}

// outboxPruneForwarded: the clean-up's PruneSent deletes the rows the forwarder
// moved, keeps the one written while no forwarder ran, which is then
// delivered once.
func outboxPruneForwarded(t *testing.T, dsn string, f busscenario.Factory) {
	ctx := context.Background()
	db := openOutboxDB(t, dsn)
	repo := bunstore.NewMemberRepository(db, watermillbus.NewPostgresOutbox(testLogger(t)))
	consumer := busscenario.NewDedupe()
	bus := busscenario.StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.Handle))
	})
	rows := func() (n int) {
		require.NoError(t, db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM watermill_outbox`).Scan(&n))
		return n
	}
	require.NoError(t, repo.Add(ctx, newMember(t, "四号", "four@example.org")))
	stop := runForwarder(t, db, bus.Publisher())
	require.Eventually(t, func() bool { return consumer.Unique() == 1 }, patience, 10*time.Millisecond)
	waitOutboxAcked(t, db, 1)
	stop()
	require.NoError(t, repo.Add(ctx, newMember(t, "五号", "five@example.org")))

	pruner, err := watermillbus.NewPostgresForwarder(db.SQL(), bus.Publisher(), testLogger(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = pruner.Close() })
	n, err := pruner.PruneSent(ctx, time.Now().Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the forwarded row")
	assert.Equal(t, 1, rows(), "the waiting row stays")
	runForwarder(t, db, bus.Publisher())
	require.Eventually(t, func() bool { return consumer.Unique() == 2 }, patience, 10*time.Millisecond)
	time.Sleep(settle)
	assert.Equal(t, 2, consumer.Deliveries(), "each event once")
}

// waitOutboxAcked waits until the forwarder stored the ack of n outbox messages.
func waitOutboxAcked(t *testing.T, db *bunstore.DB, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		var acked int
		err := db.SQL().QueryRow(`SELECT count(*) FROM watermill_offsets_outbox WHERE offset_acked > 0`).Scan(&acked)
		require.NoError(t, err)
		return acked >= n
	}, patience, 10*time.Millisecond)
}

// crashingPublisher publishes, then reports a failure the first time, as a
// forwarder that died after handing the message over and before recording it.
type crashingPublisher struct {
	message.Publisher
	calls atomic.Int32
}

func (p *crashingPublisher) Publish(topic string, msgs ...*message.Message) error {
	err := p.Publisher.Publish(topic, msgs...)
	if p.calls.Add(1) == 1 && err == nil {
		return errors.New("forwarder crashed before storing its ack")
	}
	return err
}

func outboxCrashBeforeAck(t *testing.T, dsn string, f busscenario.Factory) {
	ctx := context.Background()
	db := openOutboxDB(t, dsn)
	repo := bunstore.NewMemberRepository(db, watermillbus.NewPostgresOutbox(testLogger(t)))
	consumer := busscenario.NewDedupe()
	bus := busscenario.StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.Handle))
	})
	m := newMember(t, "三号", "three@example.org")
	require.NoError(t, repo.Add(ctx, m))

	pub := &crashingPublisher{Publisher: bus.Publisher()}
	runForwarder(t, db, pub)
	require.Eventually(t, func() bool { return consumer.Unique() == 1 && pub.calls.Load() >= 2 },
		patience, 10*time.Millisecond)
	waitOutboxAcked(t, db, 1)
	time.Sleep(settle)

	seen := consumer.Seen()
	require.Len(t, seen, 1, "recorded exactly once by the idempotent consumer")
	for _, e := range seen {
		assert.Equal(t, m.ID(), e.(member.Registered).MemberID)
	}
	// GoChannel hands the republished message to the handler again; JetStream
	// drops it as a duplicate message id. Either way nothing is lost.
	assert.Contains(t, []int{1, 2}, consumer.Deliveries())
	assert.EqualValues(t, 2, pub.calls.Load(), "published again after the crash, then acknowledged")
}
