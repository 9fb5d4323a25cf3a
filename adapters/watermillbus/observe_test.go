package watermillbus_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
)

// Config.Observe hears every attempt of a handler, the failed ones included.
func TestBusObservesEveryAttempt(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var outcomes []string
	observe := func(handler string, err error) {
		mu.Lock()
		defer mu.Unlock()
		outcomes = append(outcomes, handler+":"+map[bool]string{true: "ok", false: "error"}[err == nil])
	}
	var attempts atomic.Int32
	b := startBus(t, watermillbus.Config{Observe: observe}, func(b *watermillbus.Bus) {
		require.NoError(t, b.Subscribe("Flaky", "member.registered", func(context.Context, event.Event) error {
			if attempts.Add(1) <= 2 {
				return errors.New("smtp: connection refused")
			}
			return nil
		}))
	})
	publish(t, b.Publisher(), registered("m1"))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"Flaky:error", "Flaky:error", "Flaky:ok"}, outcomes)
}
