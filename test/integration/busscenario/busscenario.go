// Package busscenario holds the event-bus scenarios every broker behind
// watermillbus must pass, written once and run on each broker: the in-process
// GoChannel (the default) and NATS JetStream (adapters/natsbus) — in
// test/integration against a NATS container, and in adapters/natsbus against an
// in-process server.
package busscenario

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
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

// Broker is the pub/sub side of a bus: what goes into watermillbus.Config. The
// zero Broker leaves the Bus on its own in-process GoChannel.
type Broker struct {
	Publisher     message.Publisher
	Subscriber    message.Subscriber
	SubscriberFor func(handlerName string) (message.Subscriber, error)
}

// Factory builds brokers for the scenarios.
type Factory struct {
	// New returns a broker isolated from every other scenario's (a stream of its
	// own, say), closed when the test ends. Each scenario calls it once and may
	// run several buses, one after the other, on the broker it got.
	New func(t *testing.T) Broker
	// Durable says that the broker keeps the events of a handler while no bus
	// runs it, so that they arrive when a bus starts again. The restart scenarios
	// are skipped for other brokers (GoChannel: there the outbox keeps events).
	Durable bool
}

// GoChannel is the factory of the default in-process bus.
var GoChannel = Factory{New: func(*testing.T) Broker { return Broker{} }}

// settle is how long a scenario waits, after the expected deliveries, for
// unexpected ones.
const settle = 300 * time.Millisecond

// eventually is how long a scenario waits for a delivery.
const eventually = 20 * time.Second

// Run runs every scenario, each as a parallel subtest with a broker of its own.
func Run(t *testing.T, f Factory) {
	scenarios := []struct {
		name    string
		durable bool
		fn      func(t *testing.T, f Factory)
	}{
		{"every handler of the event gets it once", false, everyHandlerGetsIt},
		{"a failing handler is retried until it succeeds", false, failingHandlerRetried},
		{"a handler failing past its retries gets the event again", false, redeliveredAfterRetries},
		{"many events with a flaky handler: nothing lost", false, nothingLost},
		{"events published while no bus runs arrive after the restart", true, arriveAfterRestart},
		{"an event interrupted by a shutdown is handled after the restart", true, interruptedRedelivered},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			if sc.durable && !f.Durable {
				t.Skip("the broker keeps no events while no bus runs (GoChannel: the outbox keeps them)")
			}
			sc.fn(t, f)
		})
	}
}

// fastRetry makes failing handlers retry within milliseconds.
var fastRetry = watermillbus.RetryConfig{MaxRetries: 10, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

// registered is a registration event of member id.
func registered(id string) member.Registered {
	return member.Registered{Base: member.Base{MemberID: id, Kind: member.Individual, Name: "会员 " + id,
		Email: id + "@example.org", At: time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)}}
}

func registry() event.Registry {
	reg := event.Registry{}
	member.RegisterEvents(reg)
	return reg
}

// RunningBus is a Bus started on a broker, stopped by Stop or at the test's end.
type RunningBus struct {
	*watermillbus.Bus
	// Stop stops the bus (once; the test's clean-up calls it too).
	Stop func()
}

// StartBus builds a Bus on the broker, lets subscribe register its handlers, runs
// it until the test ends and waits until it is running. A zero retry retries
// failing handlers within milliseconds.
func StartBus(t *testing.T, br Broker, retry watermillbus.RetryConfig, subscribe func(b *watermillbus.Bus)) RunningBus {
	t.Helper()
	if retry == (watermillbus.RetryConfig{}) {
		retry = fastRetry
	}
	b, err := watermillbus.New(watermillbus.Config{Registry: registry(), Retry: retry, CloseTimeout: 2 * time.Second,
		Publisher: br.Publisher, Subscriber: br.Subscriber, SubscriberFor: br.SubscriberFor}, testLogger(t))
	require.NoError(t, err)
	subscribe(b)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			assert.NoError(t, b.Close())
			select {
			case err := <-done:
				assert.NoError(t, err)
			case <-time.After(30 * time.Second):
				t.Error("bus did not stop")
			}
		})
	}
	t.Cleanup(stop)
	select {
	case <-b.Running():
	case err := <-done:
		t.Fatalf("bus stopped at start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("bus did not start within 30 s")
	}
	return RunningBus{Bus: b, Stop: stop}
}

func publish(t *testing.T, pub message.Publisher, e event.Event) *message.Message {
	t.Helper()
	msg, err := watermillbus.Encode(e)
	require.NoError(t, err)
	require.NoError(t, pub.Publish(e.EventName(), msg))
	return msg
}

// Recorder collects what a handler received; its zero value is ready.
type Recorder struct {
	mu     sync.Mutex
	events []event.Event
	ids    []string
}

// Handle records the event and its message UUID.
func (r *Recorder) Handle(ctx context.Context, e event.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	r.ids = append(r.ids, watermillbus.MessageID(ctx))
	return nil
}

// Received returns the events and message UUIDs recorded so far.
func (r *Recorder) Received() ([]event.Event, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]event.Event(nil), r.events...), append([]string(nil), r.ids...)
}

// Count returns how many events were recorded.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

// Dedupe is an idempotent consumer: it counts deliveries and records each
// message UUID (watermillbus.MessageID) once.
type Dedupe struct {
	mu         sync.Mutex
	deliveries int
	seen       map[string]event.Event
}

// NewDedupe returns an empty idempotent consumer.
func NewDedupe() *Dedupe { return &Dedupe{seen: map[string]event.Event{}} }

// Handle records the delivery, and the event unless its message was seen.
func (d *Dedupe) Handle(ctx context.Context, e event.Event) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deliveries++
	if _, dup := d.seen[watermillbus.MessageID(ctx)]; !dup {
		d.seen[watermillbus.MessageID(ctx)] = e
	}
	return nil
}

// Unique returns how many distinct messages were handled.
func (d *Dedupe) Unique() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}

// Deliveries returns how many times the handler ran, duplicates included.
func (d *Dedupe) Deliveries() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.deliveries
}

// Seen returns the distinct events handled, by message UUID.
func (d *Dedupe) Seen() map[string]event.Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]event.Event, len(d.seen))
	for k, v := range d.seen {
		out[k] = v
	}
	return out
}

func everyHandlerGetsIt(t *testing.T, f Factory) {
	var welcome, audit, other Recorder
	b := StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("SendWelcomeOnRegistered", "member.registered", welcome.Handle))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
		require.NoError(t, b.Subscribe("NotifyOnPaymentClaimed", "member.payment_claimed", other.Handle))
	})

	msg := publish(t, b.Publisher(), registered("m1"))

	require.Eventually(t, func() bool { return welcome.Count() >= 1 && audit.Count() >= 1 }, eventually, 5*time.Millisecond)
	time.Sleep(settle)
	for _, r := range []*Recorder{&welcome, &audit} {
		events, ids := r.Received()
		assert.Equal(t, []event.Event{registered("m1")}, events)
		assert.Equal(t, []string{msg.UUID}, ids, "handlers see the message UUID")
	}
	assert.Zero(t, other.Count(), "a handler of another event gets nothing")
}

func failingHandlerRetried(t *testing.T, f Factory) {
	var attempts atomic.Int32
	var got Recorder
	b := StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("Flaky", "member.registered", func(ctx context.Context, e event.Event) error {
			if attempts.Add(1) <= 3 {
				return errors.New("smtp: connection refused")
			}
			return got.Handle(ctx, e)
		}))
	})

	publish(t, b.Publisher(), registered("m1"))

	require.Eventually(t, func() bool { return got.Count() == 1 }, eventually, 5*time.Millisecond)
	time.Sleep(settle)
	assert.EqualValues(t, 4, attempts.Load())
	events, _ := got.Received()
	assert.Equal(t, []event.Event{registered("m1")}, events)
}

func redeliveredAfterRetries(t *testing.T, f Factory) {
	var attempts atomic.Int32
	var got Recorder
	retry := watermillbus.RetryConfig{MaxRetries: 2, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond}
	b := StartBus(t, f.New(t), retry, func(b *watermillbus.Bus) {
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

	require.Eventually(t, func() bool { return got.Count() == 1 }, eventually, 5*time.Millisecond)
	time.Sleep(settle)
	// 3 attempts per delivery: the message was nacked and redelivered twice.
	assert.EqualValues(t, 8, attempts.Load())
	assert.Equal(t, 1, got.Count())
}

func nothingLost(t *testing.T, f Factory) {
	const n = 30
	var attempts atomic.Int32
	consumer := NewDedupe()
	var audit Recorder
	b := StartBus(t, f.New(t), watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", func(ctx context.Context, e event.Event) error {
			if attempts.Add(1)%3 == 0 {
				return errors.New("database: connection reset")
			}
			return consumer.Handle(ctx, e)
		}))
		require.NoError(t, b.Subscribe("AuditOnRegistered", "member.registered", audit.Handle))
	})

	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { publish(t, b.Publisher(), registered(fmt.Sprintf("m%02d", i))) })
	}
	wg.Wait()

	require.Eventually(t, func() bool { return consumer.Unique() == n && audit.Count() >= n }, eventually, 5*time.Millisecond)
	time.Sleep(settle)
	consumer.mu.Lock()
	defer consumer.mu.Unlock()
	want := map[string]bool{}
	for i := range n {
		want[fmt.Sprintf("m%02d", i)] = true
	}
	for _, e := range consumer.seen {
		delete(want, e.(member.Registered).MemberID)
	}
	assert.Empty(t, want, "every event reached the flaky handler")
	assert.Equal(t, n, audit.Count(), "the healthy handler got each event once")
}

func arriveAfterRestart(t *testing.T, f Factory) {
	br := f.New(t)
	consumer := NewDedupe()
	subscribe := func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.Handle))
	}
	first := StartBus(t, br, watermillbus.RetryConfig{}, subscribe)
	publish(t, first.Publisher(), registered("m1"))
	require.Eventually(t, func() bool { return consumer.Unique() == 1 }, eventually, 5*time.Millisecond)
	first.Stop()

	// No bus runs: the events wait in the broker for the handler's consumer.
	publish(t, br.Publisher, registered("m2"))
	publish(t, br.Publisher, registered("m3"))
	time.Sleep(settle)
	require.Equal(t, 1, consumer.Unique())

	StartBus(t, br, watermillbus.RetryConfig{}, subscribe)
	require.Eventually(t, func() bool { return consumer.Unique() == 3 }, eventually, 5*time.Millisecond)
	time.Sleep(settle)
	consumer.mu.Lock()
	defer consumer.mu.Unlock()
	assert.Equal(t, 3, consumer.deliveries, "each event once: the restart skips acknowledged ones")
}

func interruptedRedelivered(t *testing.T, f Factory) {
	br := f.New(t)
	consumer := NewDedupe()
	started := make(chan struct{})
	var startedOnce sync.Once
	first := StartBus(t, br, watermillbus.RetryConfig{MaxRetries: 1, InitialInterval: time.Millisecond}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", func(ctx context.Context, _ event.Event) error {
			startedOnce.Do(func() { close(started) })
			<-ctx.Done() // e.g. a mail server that never answers, until the shutdown
			return ctx.Err()
		}))
	})
	msg := publish(t, first.Publisher(), registered("m1"))
	select {
	case <-started:
	case <-time.After(eventually):
		t.Fatal("the handler never got the event")
	}
	first.Stop()

	StartBus(t, br, watermillbus.RetryConfig{}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("ActivateOnRegistered", "member.registered", consumer.Handle))
	})
	require.Eventually(t, func() bool { return consumer.Unique() == 1 }, eventually, 5*time.Millisecond)
	consumer.mu.Lock()
	defer consumer.mu.Unlock()
	assert.Contains(t, consumer.seen, msg.UUID, "the same message, redelivered")
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
