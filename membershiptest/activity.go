package membershiptest

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// activity is the signal that the module's background work moved on: the event
// bus delivered or acknowledged a message, an event handler or the outbox relay
// reported, the mail queue sent (or failed to send) an email. Their log records
// are the signal (see activityHandler), so that tests wait for the module's own
// progress instead of sleeping, without a hook in the module.
type activity struct {
	mu   sync.Mutex
	next chan struct{} // closed at the next report
}

func newActivity() *activity { return &activity{next: make(chan struct{})} }

// changed returns a channel that is closed at the next report. Take it before
// looking at the state, so that a change in between is not missed.
func (a *activity) changed() <-chan struct{} {
	if a == nil {
		return nil // never closed: waiters fall back to their tick
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.next
}

// report wakes everyone waiting on changed.
func (a *activity) report() {
	a.mu.Lock()
	close(a.next)
	a.next = make(chan struct{})
	a.mu.Unlock()
}

// Recheck intervals of await: with the activity signal the tick is only a safety
// net (a change that no log record follows); without it, it is the poll.
const (
	recheckSignalled = 100 * time.Millisecond
	recheckPolled    = 20 * time.Millisecond
)

// checkShare is how many times as long as a check took await rests before the
// next one, so that checking takes at most a fifth of the time and does not slow
// a busy module down.
const checkShare = 4

// await calls done until it reports true, at most until timeout has passed,
// and reports whether it did. After a check, it rests checkShare times as long
// as the check took; then done runs again at the next report of act (or at once
// when one came meanwhile), and at least every recheck interval.
func await(act *activity, timeout time.Duration, done func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	every := recheckSignalled
	if act == nil {
		every = recheckPolled
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		next := act.changed()
		began := time.Now()
		if done() {
			return true
		}
		rest := time.NewTimer(checkShare * time.Since(began))
		select {
		case <-rest.C:
		case <-deadline.C:
			rest.Stop()
			return done()
		}
		select {
		case <-next:
		case <-tick.C:
		case <-deadline.C:
			return done()
		}
	}
}

// activityHandler passes log records on to next and reports to act every record
// of the module's background components, whatever its level (Watermill's
// "Message acked" is at trace level), so they are enabled even where next
// would drop them.
type activityHandler struct {
	next    slog.Handler
	act     *activity
	watched bool // the logger belongs to a background component
}

// backgroundComponent reports whether the module's logger of the component (its
// "component" attribute) is one whose records mean background progress.
func backgroundComponent(name string) bool {
	switch name {
	case "bus", "relay", "forwarder", "events", "mail":
		return true
	}
	return false
}

// Enabled is true for every record of a background component.
func (h activityHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.watched || h.next.Enabled(ctx, l)
}

// Handle reports the record of a background component and passes it on when
// next takes its level.
func (h activityHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.watched {
		defer h.act.report() // after next has seen it: the state change came first anyway
	}
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

// WithAttrs notes a background component's "component" attribute.
func (h activityHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	watched := h.watched
	for _, a := range attrs {
		if a.Key == "component" && backgroundComponent(a.Value.String()) {
			watched = true
		}
	}
	return activityHandler{next: h.next.WithAttrs(attrs), act: h.act, watched: watched}
}

// WithGroup passes the group on.
func (h activityHandler) WithGroup(name string) slog.Handler {
	return activityHandler{next: h.next.WithGroup(name), act: h.act, watched: h.watched}
}
