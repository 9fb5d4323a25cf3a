package membershiptest

import (
	"sync"
	"time"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/ports"
)

// Clock is a settable clock for tests. The zero Clock stands still: it shows the
// time Set gave it until Set or Advance moves it. A RunningClock follows the real
// clock instead, ahead of it by what Advance added, so that tests can let time
// pass (a slider drag, see Env.AwaitDrag) without waiting for it.
type Clock struct {
	mu      sync.Mutex
	now     time.Time     // the time of a standing clock
	running bool          // follows the real clock, plus ahead
	ahead   time.Duration // how far a running clock is ahead of the real one
}

// RunningClock returns a Clock that follows the real clock from now on; Advance
// puts it ahead, Set stops it at the time given. New gives every module one
// unless a test chooses its own clock (WithClock, WithRealClock).
func RunningClock() *Clock { return &Clock{running: true} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return time.Now().Add(c.ahead)
	}
	return c.now
}

// Set sets the time; the clock then stands still there, running or not before.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now, c.running, c.ahead = t, false, 0
	c.mu.Unlock()
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	if c.running {
		c.ahead += d
	} else {
		c.now = c.now.Add(d)
	}
	c.mu.Unlock()
}

// WithClock makes the module use the given clock.
func WithClock(c *Clock) Option { return WithModuleOption(membership.WithClock(c)) }

// WithRealClock makes the module use the system clock, as in production, instead
// of New's RunningClock: time passes only by itself, so AwaitDrag (and every
// slider pass) sleeps. For the few tests that must see real time go by.
func WithRealClock() Option { return WithModuleOption(membership.WithClock(ports.SystemClock{})) }
