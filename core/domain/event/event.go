// Package event defines the domain event contract shared by all aggregates.
package event

import "time"

// Event is something that happened in the domain. Aggregates record events; the storage
// adapter writes them to the outbox in the same transaction as the change itself, and
// the bus delivers them to event handlers.
type Event interface {
	// EventName is the stable name of the event type, e.g. "member.registered".
	EventName() string
	// OccurredAt is when the event happened.
	OccurredAt() time.Time
}

// Recorder collects events raised by an aggregate until the repository takes them.
type Recorder struct {
	pending []Event
}

// Record appends an event.
func (r *Recorder) Record(e Event) { r.pending = append(r.pending, e) }

// PullEvents returns the recorded events and forgets them.
func (r *Recorder) PullEvents() []Event {
	out := r.pending
	r.pending = nil
	return out
}

// Factory creates a zero value of an event type so it can be decoded.
type Factory func() Event

// Registry maps event names to factories so adapters can decode stored events.
type Registry map[string]Factory

// Register adds factories to the registry.
func (r Registry) Register(fs ...Factory) {
	for _, f := range fs {
		r[f().EventName()] = f
	}
}
