// Package outbox is what the adapters of the transactional outbox share, so
// that none of them imports another: how a domain event becomes an outbox entry
// (NewEntry), the row of the SQLite outbox table (Row) that adapters/bunstore
// stores and adapters/watermillbus relays, and what the relay reads it through
// (Source).
//
// Every outbox builds its entries with NewEntry: the SQLite table (bunstore) and
// watermillbus's PostgreSQL outbox therefore give a message the same kind of
// UUID, the same payload and the same occurred-at, whichever database carried it.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openassoc/membership/core/domain/event"
)

// Entry is one event ready for an outbox.
type Entry struct {
	// UUID identifies the message; it stays the same on every redelivery.
	UUID string
	// Name is event.EventName(), also the topic on the bus.
	Name string
	// Payload is the event as JSON.
	Payload []byte
	// OccurredAt is event.OccurredAt() in UTC, to the microsecond: the precision
	// both databases store, so that an entry reads back as it was written.
	OccurredAt time.Time
}

// NewEntry encodes an event with a new UUID.
func NewEntry(e event.Event) (Entry, error) {
	payload, err := json.Marshal(e)
	if err != nil {
		return Entry{}, fmt.Errorf("outbox: encode event %q: %w", e.EventName(), err)
	}
	return Entry{UUID: uuid.NewString(), Name: e.EventName(), Payload: payload,
		OccurredAt: OccurredAt(e.OccurredAt())}, nil
}

// OccurredAt is the form an event's time takes in an entry: UTC, truncated to
// the microsecond. The zero time stays zero.
func OccurredAt(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Row is one entry waiting in the SQLite outbox table (outbox_messages):
//
//	id          INTEGER PRIMARY KEY AUTOINCREMENT
//	uuid        TEXT NOT NULL UNIQUE   -- Entry.UUID, the Watermill message UUID
//	name        TEXT NOT NULL          -- Entry.Name, also the bus topic
//	payload     BLOB NOT NULL          -- Entry.Payload
//	occurred_at TIMESTAMP NULL         -- Entry.OccurredAt (NULL in rows older than the column)
//	created_at  TIMESTAMP NOT NULL     -- when the row was written
//	sent_at     TIMESTAMP NULL         -- set by the relay after publishing
type Row struct {
	// ID orders the rows: the relay publishes them in id order.
	ID int64
	// UUID, Name, Payload and OccurredAt are those of the row's Entry.
	UUID       string
	Name       string
	Payload    []byte
	OccurredAt time.Time
	// CreatedAt is when the row was written.
	CreatedAt time.Time
}

// Entry returns the entry the row stores.
func (r Row) Entry() Entry {
	return Entry{UUID: r.UUID, Name: r.Name, Payload: r.Payload, OccurredAt: r.OccurredAt}
}

// Source is what the relay needs from the outbox table; bunstore.TableOutbox
// implements it.
type Source interface {
	// FetchUnsent returns up to limit unsent rows in id order, in a short transaction.
	FetchUnsent(ctx context.Context, limit int) ([]Row, error)
	// MarkSent records that rows were published.
	MarkSent(ctx context.Context, ids []int64, at time.Time) error
	// PruneSent deletes rows sent before a time and reports how many.
	PruneSent(ctx context.Context, before time.Time) (int, error)
}
