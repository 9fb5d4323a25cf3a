package mailqueue

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestBackoffDoublesUpToTheCap: RetryMin, doubled per failure, ±10 %, never above
// RetryMax, and no overflow however many attempts failed.
func TestBackoffDoublesUpToTheCap(t *testing.T) {
	t.Parallel()
	q := New(nil, nil, nil, Options{RetryMin: time.Second, RetryMax: 5 * time.Minute})
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		8: 128 * time.Second, 9: 256 * time.Second, 10: 5 * time.Minute, 100: 5 * time.Minute, 1 << 30: 5 * time.Minute} {
		for range 20 {
			got := q.backoff(attempt)
			assert.GreaterOrEqual(t, got, want*9/10, "attempt %d", attempt)
			assert.LessOrEqual(t, got, min(want*11/10, 5*time.Minute), "attempt %d", attempt)
		}
	}
	d := New(nil, nil, nil, Options{})
	assert.Equal(t, 2*time.Second, d.opts.RetryMin)
	assert.Equal(t, 5*time.Minute, d.opts.RetryMax)
	assert.Equal(t, 30*time.Second, d.opts.SendTimeout, "half the default lease")
}
