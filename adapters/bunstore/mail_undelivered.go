package bunstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	"github.com/openassoc/membership/ports"
)

var _ ports.UndeliveredMailLog = (*MailQueue)(nil)

// CountUndelivered returns how many queued emails failed for good (status
// failed); it implements ports.UndeliveredMailLog.
//
// The back office's menu asks on every page: one prepared statement, whose
// status is written in it (not bound) so that the partial index of the failed
// emails (migration 0029) serves it.
func (q *MailQueue) CountUndelivered(ctx context.Context) (int, error) {
	rows, err := q.db.query(ctx, "mail_undelivered_count", func() string {
		return "SELECT count(*) FROM mail_queue WHERE status = '" + string(MailFailed) + "'"
	})
	if err != nil {
		return 0, fmt.Errorf("bunstore: count undelivered mail: %w", err)
	}
	defer func() { _ = rows.Close() }()
	n := 0
	if rows.Next() {
		err = rows.Scan(&n)
	}
	if err = cmp.Or(err, rows.Err()); err != nil {
		return 0, fmt.Errorf("bunstore: count undelivered mail: %w", err)
	}
	return n, nil
}

// ListUndelivered returns one page of the emails that failed for good, newest
// first, without their bodies, and how many there are.
func (q *MailQueue) ListUndelivered(ctx context.Context, limit, offset int) ([]ports.UndeliveredMail, int, error) {
	var rows []mailQueueRow
	sel := q.db.bun.NewSelect().Model(&rows).
		Column("id", "recipients", "subject", "last_error", "attempts", "created_at").
		Where("status = ?", string(MailFailed)).OrderExpr("id DESC")
	if limit > 0 {
		sel = sel.Limit(limit)
	}
	if offset > 0 {
		sel = sel.Offset(offset)
	}
	total, err := sel.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list undelivered mail: %w", err)
	}
	out := make([]ports.UndeliveredMail, 0, len(rows))
	for _, r := range rows {
		var to []string
		if err := json.Unmarshal([]byte(r.Recipients), &to); err != nil {
			return nil, 0, fmt.Errorf("bunstore: undelivered mail %d: recipients: %w", r.ID, err)
		}
		out = append(out, ports.UndeliveredMail{ID: r.ID, To: to, Subject: r.Subject, Error: r.LastError,
			Attempts: r.Attempts, QueuedAt: loadedTime(r.CreatedAt)})
	}
	return out, total, nil
}
