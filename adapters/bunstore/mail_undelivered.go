package bunstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/openassoc/membership/ports"
)

var _ ports.UndeliveredMailLog = (*MailQueue)(nil)

// CountUndelivered returns how many queued emails failed for good (status
// failed); it implements ports.UndeliveredMailLog.
func (q *MailQueue) CountUndelivered(ctx context.Context) (int, error) {
	n, err := q.db.bun.NewSelect().TableExpr("mail_queue").Where("status = ?", string(MailFailed)).Count(ctx)
	if err != nil {
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
