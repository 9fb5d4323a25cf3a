package apptest

import (
	"sync"
	"time"
)

// Epoch is the time the fixtures start at: a Friday morning in March 2024, UTC.
func Epoch() time.Time { return time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC) }

// Clock is a clock the test sets: it stands still until told to move, so that
// what a use case stamps is known and expiries pass without sleeping. It is
// safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock standing at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the time the clock stands at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
