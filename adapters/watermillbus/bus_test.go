package watermillbus_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

func publish(t *testing.T, pub message.Publisher, e event.Event) *message.Message {
	t.Helper()
	msg, err := watermillbus.Encode(e)
	require.NoError(t, err)
	require.NoError(t, pub.Publish(e.EventName(), msg))
	return msg
}

func TestBusDeliversToEveryHandlerOfTheEvent(t *testing.T) {
	t.Parallel()
	var welcome, audit, other recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("SendWelcomeOnRegistered", "member.registered", welcome.Handle))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
		require.NoError(t, b.Subscribe("NotifyOnPaymentClaimed", "member.payment_claimed", other.Handle))
	})

	msg := publish(t, b.Publisher(), registered("m1"))

	// The default GoChannel publish returns once every handler acknowledged.
	for _, r := range []*recorder{&welcome, &audit} {
		events, ids := r.Received()
		require.Len(t, events, 1)
		assert.Equal(t, registered("m1"), events[0])
		assert.Equal(t, []string{msg.UUID}, ids, "handlers see the message UUID")
	}
	assert.Zero(t, other.Count(), "a handler of another event gets nothing")
}

func TestBusRetriesAFailingHandler(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("Flaky", "member.registered", func(ctx context.Context, e event.Event) error {
			if attempts.Add(1) <= 3 {
				return errors.New("smtp: connection refused")
			}
			return got.Handle(ctx, e)
		}))
	})

	publish(t, b.Publisher(), registered("m1"))

	assert.EqualValues(t, 4, attempts.Load())
	events, _ := got.Received()
	assert.Equal(t, []event.Event{registered("m1")}, events)
}

func TestBusRedeliversAfterRetriesAreExhausted(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	var got recorder
	cfg := watermillbus.Config{Retry: watermillbus.RetryConfig{MaxRetries: 2, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond}}
	b := startBus(t, cfg, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("Down", "member.registered", func(ctx context.Context, e event.Event) error {
			if n := attempts.Add(1); n == 4 {
				panic("handler bug") // panics are retried like errors
			} else if n <= 7 {
				return errors.New("smtp: connection refused")
			}
			return got.Handle(ctx, e)
		}))
	})

	publish(t, b.Publisher(), registered("m1"))

	// 3 attempts per delivery, so the message was nacked and redelivered twice.
	assert.EqualValues(t, 8, attempts.Load())
	assert.Equal(t, 1, got.Count())
}

func TestBusPublishWithoutHandlerReturns(t *testing.T) {
	t.Parallel()
	var got recorder
	b := startBus(t, watermillbus.Config{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("OnRegistered", "member.registered", got.Handle))
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		publish(t, b.Publisher(), member.PasswordChanged{Base: registered("m1").Base})
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("publish to a topic without handler blocked")
	}
	assert.Zero(t, got.Count())
}

func TestBusPublisherWaitsUntilRunning(t *testing.T) {
	t.Parallel()
	b, err := watermillbus.New(watermillbus.Config{Registry: registry(), Retry: fastRetry}, testLogger(t))
	require.NoError(t, err)
	var got recorder
	require.NoError(t, b.Subscribe("OnRegistered", "member.registered", got.Handle))

	published := make(chan error, 1)
	go func() {
		msg, _ := watermillbus.Encode(registered("m1"))
		published <- b.Publisher().Publish("member.registered", msg)
	}()
	time.Sleep(50 * time.Millisecond) // the publish waits: a GoChannel would drop it
	assert.Zero(t, got.Count())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = b.Run(ctx) }()
	require.NoError(t, <-published)
	assert.Equal(t, 1, got.Count())
	require.NoError(t, b.Close())

	msg, _ := watermillbus.Encode(registered("m2"))
	assert.ErrorIs(t, b.Publisher().Publish("member.registered", msg), watermillbus.ErrClosed)
}

func TestBusPublishFailsWhenStoppedBeforeAck(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	b, err := watermillbus.New(watermillbus.Config{Registry: registry(), Retry: fastRetry, CloseTimeout: time.Second}, testLogger(t))
	require.NoError(t, err)
	require.NoError(t, b.Subscribe("Slow", "member.registered", func(ctx context.Context, _ event.Event) error {
		close(started)
		<-ctx.Done() // e.g. a mail server that never answers
		return ctx.Err()
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = b.Run(ctx) }()
	<-b.Running()

	published := make(chan error, 1)
	go func() {
		msg, _ := watermillbus.Encode(registered("m1"))
		published <- b.Publisher().Publish("member.registered", msg)
	}()
	<-started
	cancel()
	require.NoError(t, b.Close())
	assert.ErrorIs(t, <-published, watermillbus.ErrClosed, "the relay must keep the event unsent")
}

func TestBusSubscribeRejectsMistakes(t *testing.T) {
	t.Parallel()
	b, err := watermillbus.New(watermillbus.Config{Registry: registry()}, nil)
	require.NoError(t, err)
	defer func() { assert.NoError(t, b.Close()) }()
	noop := func(context.Context, event.Event) error { return nil }

	require.NoError(t, b.Subscribe("A", "member.registered", noop))
	assert.ErrorContains(t, b.Subscribe("A", "member.payment_claimed", noop), "already used")
	assert.ErrorIs(t, b.Subscribe("B", "member.teleported", noop), watermillbus.ErrUnknownEvent)
	assert.Error(t, b.Subscribe("", "member.registered", noop))
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	_, err := watermillbus.New(watermillbus.Config{}, nil)
	assert.ErrorContains(t, err, "registry")
	_, err = watermillbus.New(watermillbus.Config{Registry: registry(), Publisher: watermillbusNopPublisher{}}, nil)
	assert.ErrorContains(t, err, "subscriber")
}

type watermillbusNopPublisher struct{}

func (watermillbusNopPublisher) Publish(string, ...*message.Message) error { return nil }
func (watermillbusNopPublisher) Close() error                              { return nil }

func TestBusWithoutHandlersStopsWithItsContext(t *testing.T) {
	t.Parallel()
	b, err := watermillbus.New(watermillbus.Config{Registry: registry()}, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-b.Running()
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	assert.NoError(t, b.Close())
}
