package memstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/event"
)

// RecordedEvent is one domain event a committed change recorded: what bunstore
// writes to its outbox in the same transaction. A rolled-back change records
// none.
type RecordedEvent struct {
	// Seq numbers the events from 1 in commit order.
	Seq int64
	// Event is the event as the aggregate recorded it.
	Event event.Event
	// Name is Event.EventName(), also the bus topic.
	Name string
	// Payload is the event as JSON, as the outbox stores it.
	Payload []byte
	// RecordedAt is the commit time on the store's clock (UTC, microseconds).
	RecordedAt time.Time
}

// Events returns every event recorded so far, oldest first.
func (s *Store) Events() []RecordedEvent { return s.EventsAfter(0, 0) }

// EventsAfter returns up to limit events (all when limit ≤ 0) whose Seq is
// greater than seq, oldest first: a poller keeps the last Seq it handled, as the
// outbox relay keeps the last row.
func (s *Store) EventsAfter(seq int64, limit int) []RecordedEvent {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if seq < 0 {
		seq = 0
	}
	if seq >= int64(len(s.events)) {
		return []RecordedEvent{}
	}
	rest := s.events[seq:]
	if limit > 0 && len(rest) > limit {
		rest = rest[:limit]
	}
	out := make([]RecordedEvent, len(rest))
	for i, e := range rest {
		e.Payload = append([]byte(nil), e.Payload...)
		out[i] = e
	}
	return out
}

// record adds an aggregate's events to the transaction, encoded as the outbox
// encodes them; they become visible when it commits. The caller holds t.mu.
func (t *tx) record(events []event.Event) error {
	for _, e := range events {
		payload, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("memstore: encode event %s: %w", e.EventName(), err)
		}
		t.events = append(t.events, RecordedEvent{Event: e, Name: e.EventName(), Payload: payload})
	}
	return nil
}
