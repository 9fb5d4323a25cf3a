package bunstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/event"
)

// EventOutbox writes the events an aggregate recorded inside the storage
// transaction that stores the aggregate, so that a rolled-back transaction emits
// nothing and a committed one is relayed to the bus later. Implementations live in
// adapters/watermillbus (a polling outbox table on SQLite, watermill-sql on
// PostgreSQL).
type EventOutbox interface {
	Append(ctx context.Context, tx bun.Tx, events []event.Event) error
}

// OutboxRow is one event waiting in the SQLite outbox table (outbox_messages):
//
//	id         INTEGER PRIMARY KEY AUTOINCREMENT
//	uuid       TEXT NOT NULL UNIQUE   -- the Watermill message UUID
//	name       TEXT NOT NULL          -- event.EventName(), also the bus topic
//	payload    BLOB NOT NULL          -- JSON of the event
//	created_at TIMESTAMP NOT NULL
//	sent_at    TIMESTAMP NULL         -- set by the relay after publishing
type OutboxRow struct {
	ID        int64
	UUID      string
	Name      string
	Payload   []byte
	CreatedAt time.Time
}

// OutboxSource is what the relay needs from the outbox table: TableOutbox
// implements it.
type OutboxSource interface {
	// FetchUnsent returns up to limit unsent rows in id order, in a short transaction.
	FetchUnsent(ctx context.Context, limit int) ([]OutboxRow, error)
	// MarkSent records that rows were published.
	MarkSent(ctx context.Context, ids []int64, at time.Time) error
	// PruneSent deletes rows sent before a time and reports how many.
	PruneSent(ctx context.Context, before time.Time) (int, error)
}
