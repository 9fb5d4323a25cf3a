package watermillbus_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
)

// closeWithin closes f and fails the test when that takes longer than d.
func closeWithin(t *testing.T, f *watermillbus.PostgresForwarder, d time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f.Close() }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(d):
		t.Fatalf("Close did not return within %s", d)
	}
}

// A forwarder built and closed without ever running closes at once (not after
// its 30 s close timeout), closes its subscriber, and leaves no goroutine
// behind; Run after Close returns at once.
func TestForwarderClosesWithoutRun(t *testing.T) {
	before := runtime.NumGoroutine()
	sub := gochannel.NewGoChannel(gochannel.Config{}, nil)
	pub := gochannel.NewGoChannel(gochannel.Config{}, nil)
	defer pub.Close()
	f, err := watermillbus.NewForwarderFrom(sub, pub, testLogger(t))
	require.NoError(t, err)

	closeWithin(t, f, 2*time.Second)
	closeWithin(t, f, time.Second) // a second Close is a no-op
	_, err = sub.Subscribe(context.Background(), watermillbus.PostgresOutboxTopic)
	assert.Error(t, err, "the subscriber is closed")
	assert.ErrorIs(t, f.Run(context.Background()), watermillbus.ErrClosed)

	_ = pub.Close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "no goroutine left behind")
}

// A forwarder that ran closes as before: Run returns once Close stopped it.
func TestForwarderClosesAfterRun(t *testing.T) {
	t.Parallel()
	sub := gochannel.NewGoChannel(gochannel.Config{}, nil)
	pub := gochannel.NewGoChannel(gochannel.Config{}, nil)
	defer pub.Close()
	f, err := watermillbus.NewForwarderFrom(sub, pub, testLogger(t))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- f.Run(context.Background()) }()
	select {
	case <-f.Running():
	case <-time.After(5 * time.Second):
		t.Fatal("forwarder did not start")
	}
	closeWithin(t, f, 5*time.Second)
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Close")
	}
}
