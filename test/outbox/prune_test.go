package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
)

// pruneSide is one production outbox with what the pruning scenario needs:
// forwarding to the bus, the clean-up's PruneSent, and row counts.
type pruneSide struct {
	db     *bunstore.DB
	outbox bunstore.EventOutbox
	// forward moves the outbox to the bus until the returned stop.
	forward func(t *testing.T, b *watermillbus.Bus) (stop func())
	prune   func(ctx context.Context, before time.Time) (int, error)
	// rows counts every row of the outbox, sent the rows the outbox took as sent.
	rows, sent string
}

func (s pruneSide) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	require.NoError(t, s.db.SQL().QueryRowContext(context.Background(), query).Scan(&n))
	return n
}

// The clean-up's PruneSent deletes only rows that were sent and are older than
// the retention: never a row still waiting for the bus, whatever its age, so
// that a pruned outbox still delivers every event once.
func TestOutboxPruneSentKeepsUnsentRows(t *testing.T) {
	t.Parallel()
	t.Run("SQLite outbox table and relay", func(t *testing.T) {
		t.Parallel()
		db, table := openOutbox(t)
		outboxPruneScenario(t, pruneSide{db: db, outbox: table, prune: table.PruneSent,
			forward: func(t *testing.T, b *watermillbus.Bus) func() {
				_, stop := runRelay(t, table, b.Publisher(), watermillbus.RelayOptions{PruneEvery: -1})
				return stop
			},
			rows: `SELECT count(*) FROM outbox_messages`,
			sent: `SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL`})
	})
	t.Run("PostgreSQL watermill-sql outbox and forwarder", func(t *testing.T) {
		t.Parallel()
		db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
		require.NoError(t, watermillbus.InitPostgresOutbox(db.SQL(), testLogger(t)))
		// The clean-up's forwarder: another instance's, which never runs here.
		idle := gochannel.NewGoChannel(gochannel.Config{}, nil)
		t.Cleanup(func() { _ = idle.Close() })
		pruner, err := watermillbus.NewPostgresForwarder(db.SQL(), idle, testLogger(t))
		require.NoError(t, err)
		t.Cleanup(func() { _ = pruner.Close() })
		outboxPruneScenario(t, pruneSide{db: db, outbox: watermillbus.NewPostgresOutbox(testLogger(t)),
			prune:   pruner.PruneSent,
			forward: func(t *testing.T, b *watermillbus.Bus) func() { return runForwarder(t, db, b) },
			rows:    `SELECT count(*) FROM watermill_outbox`,
			sent: `SELECT count(*) FROM watermill_outbox AS m, watermill_offsets_outbox AS f
				WHERE (m.transaction_id, m."offset") <= (f.last_processed_transaction_id, f.offset_acked)`})
	})
}

func outboxPruneScenario(t *testing.T, s pruneSide) {
	ctx := context.Background()
	consumer := &dedupe{seen: map[string]event.Event{}}
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.handle))
	})
	delivered := func() int {
		consumer.mu.Lock()
		defer consumer.mu.Unlock()
		return consumer.deliveries
	}
	later := func() time.Time { return time.Now().Add(time.Hour) }

	commit(t, s.db, s.outbox, false, registered("m1"), registered("m2"))
	n, err := s.prune(ctx, later())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing was sent yet")
	assert.Equal(t, 2, s.count(t, s.rows))

	stop := s.forward(t, b)
	require.Eventually(t, func() bool { return delivered() == 2 && s.count(t, s.sent) == 2 },
		10*time.Second, 10*time.Millisecond)
	stop()
	commit(t, s.db, s.outbox, false, registered("m3")) // waits: nothing forwards

	n, err = s.prune(ctx, time.Now().Add(-time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "the sent rows are younger than the retention")
	n, err = s.prune(ctx, later())
	require.NoError(t, err)
	assert.Equal(t, 2, n, "both sent rows")
	assert.Equal(t, 1, s.count(t, s.rows), "the unsent row stays")

	s.forward(t, b)
	require.Eventually(t, func() bool { return delivered() == 3 && s.count(t, s.sent) == 1 },
		10*time.Second, 10*time.Millisecond)
	n, err = s.prune(ctx, later())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Zero(t, s.count(t, s.rows))
	time.Sleep(300 * time.Millisecond) // several polls: nothing arrives twice
	assert.Equal(t, 3, delivered(), "each event once, pruning aside")
}
