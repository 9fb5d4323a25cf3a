package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/internal/outbox"
)

// outboxMessageRow is one row of outbox_messages (see outbox.Row).
type outboxMessageRow struct {
	bun.BaseModel `bun:"table:outbox_messages"`

	ID         int64        `bun:"id,pk,autoincrement"`
	UUID       string       `bun:"uuid"`
	Name       string       `bun:"name"`
	Payload    []byte       `bun:"payload"`
	OccurredAt bun.NullTime `bun:"occurred_at"`
	CreatedAt  time.Time    `bun:"created_at"`
	SentAt     bun.NullTime `bun:"sent_at"`
}

// row returns the stored row as the relay reads it. Rows written before the
// occurred_at column existed occurred when they were written.
func (r outboxMessageRow) row() outbox.Row {
	occurred := r.OccurredAt.Time
	if occurred.IsZero() {
		occurred = r.CreatedAt
	}
	return outbox.Row{ID: r.ID, UUID: r.UUID, Name: r.Name, Payload: r.Payload,
		OccurredAt: loadedTime(occurred), CreatedAt: loadedTime(r.CreatedAt)}
}

// TableOutbox is the outbox of the embedded SQLite setup: events are rows of the
// outbox_messages table, written in the business transaction and relayed to the
// bus by a poller. It implements EventOutbox and outbox.Source.
type TableOutbox struct {
	db  *DB
	now func() time.Time
}

var (
	_ EventOutbox   = (*TableOutbox)(nil)
	_ outbox.Source = (*TableOutbox)(nil)
)

// NewTableOutbox returns the outbox stored in db's outbox_messages table.
func NewTableOutbox(db *DB) *TableOutbox {
	return &TableOutbox{db: db, now: time.Now}
}

// Append inserts one row per event in the caller's transaction, encoded by
// outbox.NewEntry: a new UUID, the event name, the event as JSON and its time.
func (o *TableOutbox) Append(ctx context.Context, tx bun.Tx, events []event.Event) error {
	if len(events) == 0 {
		return nil
	}
	now := storedTime(o.now())
	rows := make([]outboxMessageRow, len(events))
	for i, e := range events {
		entry, err := outbox.NewEntry(e)
		if err != nil {
			return fmt.Errorf("bunstore: %w", err)
		}
		rows[i] = outboxMessageRow{UUID: entry.UUID, Name: entry.Name, Payload: entry.Payload,
			OccurredAt: bun.NullTime{Time: storedTime(entry.OccurredAt)}, CreatedAt: now}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: append to outbox: %w", err)
	}
	return nil
}

// FetchUnsent returns up to limit unsent rows in id order. It is one statement,
// hence one short read transaction.
func (o *TableOutbox) FetchUnsent(ctx context.Context, limit int) ([]outbox.Row, error) {
	var rows []outboxMessageRow
	err := o.db.bun.NewSelect().Model(&rows).
		Column("id", "uuid", "name", "payload", "occurred_at", "created_at").
		Where("sent_at IS NULL").Order("id").Limit(limit).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: fetch unsent outbox rows: %w", err)
	}
	out := make([]outbox.Row, len(rows))
	for i, r := range rows {
		out[i] = r.row()
	}
	return out, nil
}

// MarkSent records that rows were published.
func (o *TableOutbox) MarkSent(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := o.db.bun.NewUpdate().Model((*outboxMessageRow)(nil)).
		Set("sent_at = ?", storedTime(at)).Where("id IN (?)", bun.List(ids)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: mark outbox rows sent: %w", err)
	}
	return nil
}

// PruneSent deletes rows sent before a time and reports how many.
func (o *TableOutbox) PruneSent(ctx context.Context, before time.Time) (int, error) {
	res, err := o.db.bun.NewDelete().Model((*outboxMessageRow)(nil)).
		Where("sent_at IS NOT NULL").Where("sent_at < ?", storedTime(before)).Exec(ctx)
	return affected(res, err, "prune sent outbox rows")
}
