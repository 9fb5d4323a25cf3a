package outbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

// runForwarder runs a PostgreSQL forwarder to pub until the returned stop is called.
func runForwarder(t *testing.T, db *bunstore.DB, b *watermillbus.Bus) func() {
	t.Helper()
	fwd, err := watermillbus.NewPostgresForwarder(db.SQL(), b.Publisher(), testLogger(t))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- fwd.Run(context.Background()) }()
	select {
	case <-fwd.Running():
	case <-time.After(10 * time.Second):
		t.Fatal("forwarder did not start")
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			assert.NoError(t, fwd.Close())
			assert.NoError(t, <-done)
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestPostgresOutboxDeliversCommittedEventsOnly(t *testing.T) {
	t.Parallel()
	db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
	var welcome, audit recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("SendWelcomeOnRegistered", "member.registered", welcome.Handle))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
	})
	outbox := watermillbus.NewPostgresOutbox(testLogger(t))
	runForwarder(t, db, b)

	commit(t, db, outbox, true, registered("rolled-back"))
	commit(t, db, outbox, false, registered("m1"), member.PasswordChanged{Base: registered("m1").Base}, registered("m2"))

	require.Eventually(t, func() bool { return welcome.Count() == 2 && audit.Count() == 2 },
		10*time.Second, 10*time.Millisecond)
	time.Sleep(500 * time.Millisecond) // several forwarder polls: nothing more arrives
	for _, r := range []*recorder{&welcome, &audit} {
		events, ids := r.Received()
		assert.Equal(t, []event.Event{registered("m1"), registered("m2")}, events)
		assert.Len(t, ids, 2)
		assert.NotEqual(t, ids[0], ids[1])
	}
}

func TestPostgresForwarderRestartResumesAfterAckedMessages(t *testing.T) {
	t.Parallel()
	db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
	consumer := &dedupe{seen: map[string]event.Event{}}
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.handle))
	})
	require.NoError(t, watermillbus.InitPostgresOutbox(db.SQL(), testLogger(t)))
	outbox := watermillbus.NewPostgresOutbox(testLogger(t))
	delivered := func() int {
		consumer.mu.Lock()
		defer consumer.mu.Unlock()
		return consumer.deliveries
	}

	commit(t, db, outbox, false, registered("m1")) // written before any forwarder runs
	stop := runForwarder(t, db, b)
	require.Eventually(t, func() bool { return delivered() == 1 }, 10*time.Second, 10*time.Millisecond)
	// Let the ack reach the offsets table: a forwarder stopped in between would
	// deliver the message again after the restart (at-least-once).
	require.Eventually(t, func() bool {
		var acked int
		err := db.SQL().QueryRow(`SELECT count(*) FROM watermill_offsets_outbox WHERE offset_acked > 0`).Scan(&acked)
		require.NoError(t, err)
		return acked == 1
	}, 10*time.Second, 10*time.Millisecond)
	stop()

	commit(t, db, outbox, false, registered("m2")) // written while no forwarder runs
	runForwarder(t, db, b)
	require.Eventually(t, func() bool { return delivered() >= 2 }, 10*time.Second, 10*time.Millisecond)
	time.Sleep(500 * time.Millisecond)

	consumer.mu.Lock()
	defer consumer.mu.Unlock()
	assert.Equal(t, 2, consumer.deliveries, "the restarted forwarder skips acknowledged messages")
	assert.ElementsMatch(t, []event.Event{registered("m1"), registered("m2")}, values(consumer.seen))
}

func values(m map[string]event.Event) []event.Event {
	out := make([]event.Event, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	return out
}

// A forwarder on PostgreSQL built and closed without ever running closes at
// once: the module closes it so when Run never ran.
func TestPostgresForwarderClosesWithoutRun(t *testing.T) {
	t.Parallel()
	db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
	b := startBus(t, watermillbus.Config{}, func(*watermillbus.Bus) {})
	fwd, err := watermillbus.NewPostgresForwarder(db.SQL(), b.Publisher(), testLogger(t))
	require.NoError(t, err)
	closed := make(chan error, 1)
	go func() { closed <- fwd.Close() }()
	select {
	case err := <-closed:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Close without Run did not return")
	}
}
