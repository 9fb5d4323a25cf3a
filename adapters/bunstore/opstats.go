package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OutboxBacklog returns how many events wait in the outbox to be relayed to
// the bus and when the oldest of them was written (zero when none wait): on
// SQLite the unsent rows of outbox_messages, on PostgreSQL the rows of
// watermill-sql's outbox beyond the forwarder's acknowledged offset. For
// metrics.
func (db *DB) OutboxBacklog(ctx context.Context) (int64, time.Time, error) {
	if db.postgres {
		var n int64
		var oldest sql.NullTime
		err := db.bun.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM watermill_outbox
			WHERE "offset" > COALESCE((SELECT max(offset_acked) FROM watermill_offsets_outbox), 0)`).Scan(&n, &oldest)
		if err != nil {
			return 0, time.Time{}, fmt.Errorf("bunstore: outbox backlog: %w", err)
		}
		return n, oldest.Time, nil
	}
	n, err := db.bun.NewSelect().Model((*outboxMessageRow)(nil)).Where("sent_at IS NULL").Count(ctx)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("bunstore: outbox backlog: %w", err)
	}
	var row outboxMessageRow
	err = db.bun.NewSelect().Model(&row).Where("sent_at IS NULL").Order("id").Limit(1).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return int64(n), time.Time{}, nil
	case err != nil:
		return 0, time.Time{}, fmt.Errorf("bunstore: outbox backlog: %w", err)
	}
	return int64(n), row.CreatedAt, nil
}

// MailQueueCounts returns how many queued emails wait to be sent and how many
// failed for good (listed for the admin). For metrics.
func (db *DB) MailQueueCounts(ctx context.Context) (pending, failed int64, err error) {
	var rows []struct {
		Status string `bun:"status"`
		N      int64  `bun:"n"`
	}
	err = db.bun.NewSelect().Model((*mailQueueRow)(nil)).Column("status").ColumnExpr("count(*) AS n").
		Where("status IN ('pending', 'failed')").Group("status").Scan(ctx, &rows)
	if err != nil {
		return 0, 0, fmt.Errorf("bunstore: mail queue counts: %w", err)
	}
	for _, r := range rows {
		if r.Status == "pending" {
			pending = r.N
		} else {
			failed = r.N
		}
	}
	return pending, failed, nil
}
