package watermillbus_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
)

// syncBuffer is a log destination safe for the bus's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runAndStop subscribes two handlers, runs a bus logging at level and stops it.
func runAndStop(t *testing.T, level slog.Level) string {
	t.Helper()
	var logs syncBuffer
	b, err := watermillbus.New(watermillbus.Config{Registry: registry()},
		slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: level})))
	require.NoError(t, err)
	nop := func(context.Context, event.Event) error { return nil }
	require.NoError(t, b.Subscribe("first", "member.registered", nop))
	require.NoError(t, b.Subscribe("second", "member.registered", nop))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-b.Running()
	cancel()
	require.NoError(t, b.Close())
	require.NoError(t, <-done)
	return logs.String()
}

// Starting and stopping a bus logs nothing at info level: Watermill's lines
// for every handler ("Adding handler", "Starting handler" …) are debug lines.
func TestBusStartsAndStopsQuietly(t *testing.T) {
	t.Parallel()
	assert.Empty(t, runAndStop(t, slog.LevelInfo))

	debug := runAndStop(t, slog.LevelDebug)
	for _, msg := range []string{"Adding handler", "Starting handler"} {
		assert.Equal(t, 2, strings.Count(debug, `msg="`+msg+`"`), "one %q per handler at debug level", msg)
	}
	assert.Contains(t, debug, "level=DEBUG")
}
