package bunstore

import (
	"context"
	"fmt"

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

// CountWorkQueues counts every queue in one statement of four indexed
// sub-queries, with the rules of the queues' own lists: submitted applications
// (ApplicationIndex), payments awaiting finance (PaymentRepository.Count),
// unmatched statement lines and members awaiting the secretariat.
func (c *WorkQueueCounter) CountWorkQueues(ctx context.Context) (ports.WorkQueueCounts, error) {
	var n struct {
		Review         int `bun:"review"`
		Payments       int `bun:"payments"`
		StatementLines int `bun:"statement_lines"`
		Secretariat    int `bun:"secretariat"`
	}
	err := c.db.conn(ctx).NewSelect().
		// A submitted member always has its application (submitting needs a
		// form): the members of a status are the registry's count of it
		// (member_facet_counts, changed in the transaction of each change of
		// status), one row, where counting members read an index range of
		// thousands in a large registry — and the back office's menu shows
		// these counts on every page.
		ColumnExpr("("+statusCountSQL+") AS review", string(member.StatusSubmitted)).
		ColumnExpr("(SELECT count(*) FROM payments WHERE "+awaitingFinanceSQL+") AS payments").
		ColumnExpr("(SELECT count(*) FROM statement_lines WHERE status = ?) AS statement_lines",
			string(payment.LineUnmatched)).
		ColumnExpr("("+statusCountSQL+") AS secretariat", string(member.StatusAwaitingSecretariat)).
		Scan(ctx, &n)
	if err != nil {
		return ports.WorkQueueCounts{}, fmt.Errorf("bunstore: count work queues: %w", err)
	}
	return ports.WorkQueueCounts{Review: n.Review, Payments: n.Payments, StatementLines: n.StatementLines,
		Secretariat: n.Secretariat}, nil
}
