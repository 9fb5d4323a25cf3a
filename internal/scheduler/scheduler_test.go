package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/internal/scheduler"
)

func TestEveryRunsUntilTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		scheduler.Every(ctx, 0, time.Millisecond, func(got context.Context) {
			assert.Equal(t, ctx, got)
			calls.Add(1)
		})
	}()
	require.Eventually(t, func() bool { return calls.Load() >= 3 }, 5*time.Second, time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Every did not return when the context ended")
	}
}

func TestEveryWaitsForTheFirstRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	var calls atomic.Int32
	scheduler.Every(ctx, time.Hour, time.Millisecond, func(context.Context) { calls.Add(1) })
	assert.Zero(t, calls.Load(), "not before first")
}

func TestInstanceIDsDiffer(t *testing.T) {
	t.Parallel()
	a, b := scheduler.InstanceID(), scheduler.InstanceID()
	assert.NotEqual(t, a, b)
	assert.Contains(t, a, "-")
}
