package membershiptest

import (
	"bytes"
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// traceLevel is Watermill's trace level (its "Message acked" records).
const traceLevel = slog.LevelDebug - 4

func TestActivityHandlerReportsBackgroundComponents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		component string
		level     slog.Level
		reports   bool
		printed   bool // the text handler below (info and up) shows it
	}{
		{"bus trace", "bus", traceLevel, true, false},
		{"relay debug", "relay", slog.LevelDebug, true, false},
		{"mail info", "mail", slog.LevelInfo, true, true},
		{"event handler error", "events", slog.LevelError, true, true},
		{"forwarder warning", "forwarder", slog.LevelWarn, true, true},
		{"web info", "web", slog.LevelInfo, false, true},
		{"api debug", "api", slog.LevelDebug, false, false},
		{"no component", "", slog.LevelInfo, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			act := newActivity()
			logger := slog.New(activityHandler{next: slog.NewTextHandler(&out, nil), act: act})
			if tc.component != "" {
				logger = logger.With("component", tc.component)
			}
			next := act.changed()
			logger.Log(context.Background(), tc.level, "something happened", "n", 1)
			select {
			case <-next:
				assert.True(t, tc.reports, "reported")
			default:
				assert.False(t, tc.reports, "not reported")
			}
			assert.Equal(t, tc.printed, bytes.Contains(out.Bytes(), []byte("something happened")), out.String())
		})
	}
}

func TestActivityHandlerKeepsGroupsAndAttributes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	act := newActivity()
	logger := slog.New(activityHandler{next: slog.NewTextHandler(&out, nil), act: act})
	next := act.changed()
	logger.WithGroup("g").With("component", "mail").Info("sent", "id", 7)
	<-next // reported
	assert.Contains(t, out.String(), "g.component=mail g.id=7")
}

func TestAwait(t *testing.T) {
	t.Parallel()
	t.Run("true at once", func(t *testing.T) {
		t.Parallel()
		assert.True(t, await(newActivity(), time.Second, func() bool { return true }))
	})
	t.Run("times out", func(t *testing.T) {
		t.Parallel()
		began := time.Now()
		assert.False(t, await(newActivity(), 50*time.Millisecond, func() bool { return false }))
		assert.GreaterOrEqual(t, time.Since(began), 50*time.Millisecond)
	})
	t.Run("checks again at a report", func(t *testing.T) {
		t.Parallel()
		act := newActivity()
		calls := 0
		began := time.Now()
		require.True(t, await(act, 10*time.Second, func() bool {
			calls++
			if calls == 1 {
				go act.report() // the change the check has just missed
			}
			return calls > 1
		}))
		assert.Equal(t, 2, calls)
		assert.Less(t, time.Since(began), recheckSignalled, "woken by the report, not the tick")
	})
	t.Run("checks again at the tick without reports", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		assert.True(t, await(nil, 10*time.Second, func() bool { return calls.Add(1) == 3 }))
	})
}
