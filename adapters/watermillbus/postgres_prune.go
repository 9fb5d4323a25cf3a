package watermillbus

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// prunePostgresBatch bounds the rows one DELETE of PruneSent removes, so that
// a large backlog of old rows is deleted in short statements.
const prunePostgresBatch = 5000

// prunePostgresOutbox deletes up to prunePostgresBatch rows of watermill-sql's
// outbox written before $1 that every consumer group of the offsets table has
// passed: watermill-sql reads a group's next messages after (transaction id,
// offset) = (last_processed_transaction_id, offset_acked), so a row at or
// before that position is never read again. With no offsets row at all (no
// forwarder ever acknowledged anything) nothing counts as sent.
const prunePostgresOutbox = `DELETE FROM watermill_outbox WHERE ctid IN (
	SELECT m.ctid FROM watermill_outbox AS m
	WHERE m.created_at < $1::timestamptz
	AND EXISTS (SELECT 1 FROM watermill_offsets_outbox)
	AND NOT EXISTS (SELECT 1 FROM watermill_offsets_outbox AS f
		WHERE (m.transaction_id, m."offset") > (f.last_processed_transaction_id, COALESCE(f.offset_acked, -1)))
	LIMIT $2)`

// PruneSent deletes the outbox rows written before a time that the forwarder
// has already moved to the bus (acknowledged in watermill-sql's offsets
// table), in short batches, and reports how many. Rows not yet forwarded are
// kept whatever their age. The module's clean-up loop calls it on PostgreSQL,
// as it calls bunstore.TableOutbox's on SQLite.
func (f *PostgresForwarder) PruneSent(ctx context.Context, before time.Time) (int, error) {
	if f.db == nil {
		return 0, errors.New("watermillbus: this forwarder has no outbox database to prune")
	}
	total := 0
	for {
		res, err := f.db.ExecContext(ctx, prunePostgresOutbox, before.UTC(), prunePostgresBatch)
		if err != nil {
			return total, fmt.Errorf("watermillbus: prune forwarded outbox rows: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("watermillbus: prune forwarded outbox rows: %w", err)
		}
		total += int(n)
		if n < prunePostgresBatch || ctx.Err() != nil {
			return total, nil
		}
	}
}
