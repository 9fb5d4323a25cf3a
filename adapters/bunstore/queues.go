package bunstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// WorkQueueCounter counts the back office's queues; it implements
// ports.WorkQueueCounter.
type WorkQueueCounter struct{ db *DB }

var _ ports.WorkQueueCounter = (*WorkQueueCounter)(nil)

// NewWorkQueueCounter returns the back office's queue counter.
func NewWorkQueueCounter(db *DB) *WorkQueueCounter { return &WorkQueueCounter{db: db} }

// statusCountSQL is how many members have a status (the argument): the
// registry's count among all members.
const statusCountSQL = "SELECT COALESCE(SUM(n), 0) FROM member_facet_counts" +
	" WHERE by_facet = '' AND by_value = '' AND facet = '" + ports.FacetStatus + "' AND value = ?"

// workQueuesSQL counts the four queues in one statement of indexed
// sub-queries. A submitted member always has its application (submitting
// needs a form): the members of a status are the registry's count of it
// (member_facet_counts, changed in the transaction of each change of status),
// one row, where counting members read an index range of thousands in a large
// registry — and the back office's menu shows these counts on every page.
const workQueuesSQL = "SELECT (" + statusCountSQL + "), (SELECT count(*) FROM payments WHERE " + awaitingFinanceSQL +
	"), (SELECT count(*) FROM statement_lines WHERE status = ?), (" + statusCountSQL + ")"

// CountWorkQueues counts every queue in one prepared statement, with the rules
// of the queues' own lists: submitted applications (ApplicationIndex),
// payments awaiting finance (PaymentRepository.Count), unmatched statement
// lines and members awaiting the secretariat.
func (c *WorkQueueCounter) CountWorkQueues(ctx context.Context) (ports.WorkQueueCounts, error) {
	args := []any{string(member.StatusSubmitted), string(payment.LineUnmatched), string(member.StatusAwaitingSecretariat)}
	var (
		rows *sql.Rows
		err  error
	)
	if tx, ok := c.db.conn(ctx).(bun.Tx); ok {
		rows, err = tx.QueryContext(ctx, workQueuesSQL, args...)
	} else {
		rows, err = c.db.query(ctx, "work_queues", func() string { return workQueuesSQL }, args...)
	}
	if err != nil {
		return ports.WorkQueueCounts{}, fmt.Errorf("bunstore: count work queues: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var n ports.WorkQueueCounts
	if !rows.Next() {
		return ports.WorkQueueCounts{}, fmt.Errorf("bunstore: count work queues: %w", cmp.Or(rows.Err(), sql.ErrNoRows))
	}
	if err := rows.Scan(&n.Review, &n.Payments, &n.StatementLines, &n.Secretariat); err != nil {
		return ports.WorkQueueCounts{}, fmt.Errorf("bunstore: count work queues: %w", err)
	}
	if err := rows.Close(); err != nil {
		return ports.WorkQueueCounts{}, fmt.Errorf("bunstore: count work queues: %w", err)
	}
	return n, nil
}
