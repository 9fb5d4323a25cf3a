package outbox_test

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

var at = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

func registry() event.Registry {
	reg := event.Registry{}
	member.RegisterEvents(reg)
	return reg
}

func registered(id string) member.Registered {
	return member.Registered{Base: member.Base{MemberID: id, Kind: member.Individual, Name: "Ada " + id, Email: id + "@example.org", At: at}}
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// fastRetry makes failing handlers retry within milliseconds.
var fastRetry = watermillbus.RetryConfig{MaxRetries: 10, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

// startBus subscribes the handlers, runs the bus until the test ends and waits
// until it is running.
func startBus(t *testing.T, cfg watermillbus.Config, subscribe func(b *watermillbus.Bus)) *watermillbus.Bus {
	t.Helper()
	if cfg.Registry == nil {
		cfg.Registry = registry()
	}
	if cfg.Retry == (watermillbus.RetryConfig{}) {
		cfg.Retry = fastRetry
	}
	if cfg.CloseTimeout == 0 {
		cfg.CloseTimeout = 2 * time.Second
	}
	b, err := watermillbus.New(cfg, testLogger(t))
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

// recorder collects what a handler received.
type recorder struct {
	mu     sync.Mutex
	events []event.Event
	ids    []string
}

func (r *recorder) handle(ctx context.Context, e event.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	r.ids = append(r.ids, watermillbus.MessageID(ctx))
	return nil
}

func (r *recorder) received() ([]event.Event, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]event.Event(nil), r.events...), append([]string(nil), r.ids...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}
