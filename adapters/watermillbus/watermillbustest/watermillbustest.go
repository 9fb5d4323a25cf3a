// Package watermillbustest helps tests run the Watermill bus: a running bus on
// the test's lifetime, an event registry, sample events and a recording handler.
// The bus's own tests and the outbox tests under test/ share it.
package watermillbustest

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

// At is the time of the sample events.
var At = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

// FastRetry makes failing handlers retry within milliseconds.
var FastRetry = watermillbus.RetryConfig{MaxRetries: 10, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

// Registry returns an event registry with the member events.
func Registry() event.Registry {
	reg := event.Registry{}
	member.RegisterEvents(reg)
	return reg
}

// Registered is a sample member.registered event of member id.
func Registered(id string) member.Registered {
	return member.Registered{Base: member.Base{MemberID: id, Kind: member.Individual, Name: "Ada " + id,
		Email: id + "@example.org", At: At}}
}

// Logger logs warnings and errors into the test's log.
func Logger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// StartBus subscribes the handlers, runs the bus until the test ends and waits
// until it is running. Zero fields of cfg get the member registry, FastRetry and
// a 2 s close timeout.
func StartBus(t *testing.T, cfg watermillbus.Config, subscribe func(b *watermillbus.Bus)) *watermillbus.Bus {
	t.Helper()
	if cfg.Registry == nil {
		cfg.Registry = Registry()
	}
	if cfg.Retry == (watermillbus.RetryConfig{}) {
		cfg.Retry = FastRetry
	}
	if cfg.CloseTimeout == 0 {
		cfg.CloseTimeout = 2 * time.Second
	}
	b, err := watermillbus.New(cfg, Logger(t))
	require.NoError(t, err)
	subscribe(b)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, b.Close())
		require.NoError(t, <-done)
	})
	select {
	case <-b.Running():
	case <-time.After(5 * time.Second):
		t.Fatal("bus did not start")
	}
	return b
}

// Recorder collects what a handler received, with the message ids.
type Recorder struct {
	mu     sync.Mutex
	events []event.Event
	ids    []string
}

// Handle records an event; subscribe it as the handler.
func (r *Recorder) Handle(ctx context.Context, e event.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	r.ids = append(r.ids, watermillbus.MessageID(ctx))
	return nil
}

// Received returns the events and message ids recorded so far.
func (r *Recorder) Received() ([]event.Event, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]event.Event(nil), r.events...), append([]string(nil), r.ids...)
}

// Count is how many events were recorded.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}
