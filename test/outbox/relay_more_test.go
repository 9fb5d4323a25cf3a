package outbox_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
)

func TestRelayMarksSentOnlyAfterHandlersSucceed(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	release := make(chan struct{})
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("MailOnRegistered", "member.registered", func(ctx context.Context, e event.Event) error {
			select {
			case <-release:
				return got.Handle(ctx, e)
			default:
				return errors.New("smtp: connection refused")
			}
		}))
	})
	runRelay(t, outbox, b.Publisher(), watermillbus.RelayOptions{})
	commit(t, db, outbox, false, registered("m1"))

	time.Sleep(10 * relayInterval)
	assert.Equal(t, 1, unsent(t, outbox), "the row stays unsent while the handler fails")
	assert.Zero(t, got.Count())

	close(release) // the mail server is back
	require.Eventually(t, func() bool { return unsent(t, outbox) == 0 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, 1, got.Count())
}

// flakySource fails its first fetches, like a database that is briefly locked.
type flakySource struct {
	watermillbus.OutboxSource
	failures atomic.Int32
}

func (s *flakySource) FetchUnsent(ctx context.Context, limit int) ([]watermillbus.OutboxRow, error) {
	if s.failures.Add(-1) >= 0 {
		return nil, errors.New("database is locked")
	}
	return s.OutboxSource.FetchUnsent(ctx, limit)
}

func TestRelayRetriesAfterErrors(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("OnRegistered", "member.registered", got.Handle))
	})
	commit(t, db, outbox, false, registered("m1"))
	src := &flakySource{OutboxSource: outbox}
	src.failures.Store(3)
	runRelay(t, src, b.Publisher(), watermillbus.RelayOptions{PollInterval: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})

	require.Eventually(t, func() bool { return got.Count() == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Less(t, src.failures.Load(), int32(0), "every failure was retried")
}

func TestRelayRelaysLargeBacklogsAndPrunesSentRows(t *testing.T) {
	t.Parallel()
	db, outbox := openOutbox(t)
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("OnRegistered", "member.registered", got.Handle))
	})
	events := make([]event.Event, 25)
	for i := range events {
		events[i] = registered(string(rune('a' + i)))
	}
	commit(t, db, outbox, false, events...)

	runRelay(t, outbox, b.Publisher(), watermillbus.RelayOptions{
		BatchSize: 10, Retention: time.Nanosecond, PruneEvery: relayInterval,
	})

	require.Eventually(t, func() bool { return got.Count() == len(events) }, 5*time.Second, 5*time.Millisecond)
	received, _ := got.Received()
	assert.Equal(t, events, received, "in outbox order")
	require.Eventually(t, func() bool {
		n, err := db.Bun().NewSelect().Table("outbox_messages").Count(context.Background())
		require.NoError(t, err)
		return n == 0
	}, 5*time.Second, 5*time.Millisecond, "sent rows older than the retention are pruned")
}
