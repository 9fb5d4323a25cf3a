package bunstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/event"
)

// EventOutbox writes the events an aggregate recorded inside the storage
// transaction that stores the aggregate, so that a rolled-back transaction emits
// nothing and a committed one is relayed to the bus later. TableOutbox is the
// SQLite one; adapters/watermillbus has the PostgreSQL one (watermill-sql).
type EventOutbox interface {
	Append(ctx context.Context, tx bun.Tx, events []event.Event) error
}
