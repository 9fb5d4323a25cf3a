package membershiptest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestClock(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		clock func() *Clock
		check func(t *testing.T, c *Clock)
	}{
		{"the zero clock stands at the zero time", func() *Clock { return &Clock{} }, func(t *testing.T, c *Clock) {
			assert.True(t, c.Now().IsZero())
		}},
		{"a set clock stands still", func() *Clock { c := &Clock{}; c.Set(at); return c }, func(t *testing.T, c *Clock) {
			assert.Equal(t, at, c.Now())
			c.Advance(time.Minute)
			assert.Equal(t, at.Add(time.Minute), c.Now())
		}},
		{"a running clock follows the real one", RunningClock, func(t *testing.T, c *Clock) {
			before := time.Now()
			now := c.Now()
			assert.False(t, now.Before(before))
			assert.WithinDuration(t, time.Now(), now, time.Second)
		}},
		{"advancing a running clock puts it ahead", RunningClock, func(t *testing.T, c *Clock) {
			c.Advance(time.Hour)
			assert.WithinDuration(t, time.Now().Add(time.Hour), c.Now(), time.Second)
			c.Advance(time.Hour)
			assert.WithinDuration(t, time.Now().Add(2*time.Hour), c.Now(), time.Second)
		}},
		{"setting a running clock stops it", RunningClock, func(t *testing.T, c *Clock) {
			c.Advance(time.Hour)
			c.Set(at)
			assert.Equal(t, at, c.Now())
			c.Advance(time.Second)
			assert.Equal(t, at.Add(time.Second), c.Now())
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.check(t, tc.clock())
		})
	}
}
