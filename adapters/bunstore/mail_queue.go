package bunstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/queuedmail"
	"github.com/openassoc/membership/ports"
)

// MailStatus is the state of a queued email (the type is shared with
// adapters/mailqueue through a neutral package).
type MailStatus = queuedmail.Status

// The states of a queued email.
const (
	// MailPending is waiting to be sent (first or next attempt at NextAttemptAt).
	MailPending = queuedmail.Pending
	// MailSent was accepted by the mailer.
	MailSent = queuedmail.Sent
	// MailFailed can never be delivered (ports.ErrUndeliverable); it is not retried.
	MailFailed = queuedmail.Failed
)

// maxErrorLen bounds the last error kept with a queued email.
const maxErrorLen = 1000

// QueuedMail is one row of the mail queue (table mail_queue): the record
// adapters/mailqueue dispatches, shared with it through a neutral package.
type QueuedMail = queuedmail.Mail

type mailQueueRow struct {
	bun.BaseModel `bun:"table:mail_queue"`

	ID            int64        `bun:"id,pk,autoincrement"`
	Key           string       `bun:"idempotency_key"`
	Recipients    string       `bun:"recipients"`
	Subject       string       `bun:"subject"`
	TextBody      string       `bun:"text_body"`
	HTMLBody      string       `bun:"html_body"`
	Attachments   string       `bun:"attachments"`
	Status        string       `bun:"status"`
	Attempts      int          `bun:"attempts"`
	NextAttemptAt time.Time    `bun:"next_attempt_at"`
	LastError     string       `bun:"last_error"`
	LockedBy      string       `bun:"locked_by"`
	LockedUntil   bun.NullTime `bun:"locked_until"`
	CreatedAt     time.Time    `bun:"created_at"`
	SentAt        bun.NullTime `bun:"sent_at"`
}

func (r mailQueueRow) queued() (QueuedMail, error) {
	var to []string
	if err := json.Unmarshal([]byte(r.Recipients), &to); err != nil {
		return QueuedMail{}, fmt.Errorf("bunstore: queued mail %d: recipients: %w", r.ID, err)
	}
	var files []ports.Attachment
	if r.Attachments != "" {
		if err := json.Unmarshal([]byte(r.Attachments), &files); err != nil {
			return QueuedMail{}, fmt.Errorf("bunstore: queued mail %d: attachments: %w", r.ID, err)
		}
	}
	return QueuedMail{
		ID: r.ID,
		Message: ports.Message{To: to, Subject: r.Subject, Text: r.TextBody, HTML: r.HTMLBody, Key: r.Key,
			Attachments: files},
		Status:        MailStatus(r.Status),
		Attempts:      r.Attempts,
		NextAttemptAt: loadedTime(r.NextAttemptAt),
		LastError:     r.LastError,
		LockedUntil:   loadedTime(r.LockedUntil.Time),
		CreatedAt:     loadedTime(r.CreatedAt),
		SentAt:        loadedTime(r.SentAt.Time),
	}, nil
}

// MailQueue stores outgoing email durably until a dispatcher (adapters/mailqueue)
// sent it. Claims lease rows to one holder at a time, so that several instances
// sharing the database never send one row twice while a lease lasts.
type MailQueue struct{ db *DB }

// NewMailQueue returns the mail queue in db's mail_queue table.
func NewMailQueue(db *DB) *MailQueue { return &MailQueue{db: db} }

// Enqueue stores msg as pending, due at once. A message whose Key is already
// queued (in any state) is not stored again; Enqueue reports whether it stored
// msg. A message without a Key gets a random one. Inside a Transactor
// transaction (in ctx) the row commits with it.
func (q *MailQueue) Enqueue(ctx context.Context, msg ports.Message, at time.Time) (bool, error) {
	key := msg.Key
	if key == "" {
		key = "random:" + uuid.NewString()
	}
	to, err := json.Marshal(msg.To)
	if err != nil {
		return false, fmt.Errorf("bunstore: enqueue mail: %w", err)
	}
	files := ""
	if len(msg.Attachments) > 0 {
		js, err := json.Marshal(msg.Attachments)
		if err != nil {
			return false, fmt.Errorf("bunstore: enqueue mail: attachments: %w", err)
		}
		files = string(js)
	}
	at = storedTime(at)
	res, err := q.db.conn(ctx).NewRaw(`INSERT INTO mail_queue
(idempotency_key, recipients, subject, text_body, html_body, attachments, status, attempts, next_attempt_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
ON CONFLICT (idempotency_key) DO NOTHING`,
		key, string(to), msg.Subject, msg.Text, msg.HTML, files, string(MailPending), at, at).Exec(ctx)
	n, err := affected(res, err, "enqueue mail")
	return n == 1, err
}

// Claim leases up to limit due pending messages to holder until now+lease and
// returns them, the longest due first (an empty slice when none is due). A message is due when its next attempt
// is at or before now and no other lease on it runs. The candidates are read
// first and then taken by one UPDATE that checks again that each is still due
// and free, so concurrent claimers never get the same row: on SQLite writes are
// serialised, on PostgreSQL the row lock makes the second UPDATE re-check the
// row the first one changed.
func (q *MailQueue) Claim(ctx context.Context, holder string, now time.Time, lease time.Duration, limit int) ([]QueuedMail, error) {
	if holder == "" || lease <= 0 || limit <= 0 {
		return nil, fmt.Errorf("bunstore: claim mail: holder, lease and limit are required")
	}
	now = storedTime(now)
	var ids []int64
	err := q.db.bun.NewSelect().TableExpr("mail_queue").Column("id").
		Where("status = 'pending'"). // a literal, so that the partial index applies
		Where("next_attempt_at <= ?", now).
		Where("(locked_until IS NULL OR locked_until <= ?)", now).
		OrderExpr("next_attempt_at, id").Limit(limit).Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("bunstore: find due mail: %w", err)
	}
	if len(ids) == 0 {
		return []QueuedMail{}, nil // nothing is due: an empty batch
	}
	var rows []mailQueueRow
	err = q.db.bun.NewRaw(`UPDATE mail_queue SET locked_by = ?, locked_until = ?
WHERE id IN (?) AND status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
RETURNING *`, holder, storedTime(now.Add(lease)), bun.List(ids), now, now).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: claim mail: %w", err)
	}
	out, err := queuedAll(rows)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b QueuedMail) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// finished reports whether an update of a leased row found it.
func finished(res sql.Result, err error) (bool, error) {
	n, err := affected(res, err, "update queued mail")
	return n == 1, err
}

// MarkSent records that the mailer accepted the message holder leased and ends
// the lease. It reports false when holder no longer had the row (its lease ran
// out and another dispatcher claimed it).
func (q *MailQueue) MarkSent(ctx context.Context, id int64, holder string, at time.Time) (bool, error) {
	return finished(q.db.bun.NewRaw(`UPDATE mail_queue SET status = 'sent', sent_at = ?, last_error = '',
attempts = attempts + 1, locked_by = '', locked_until = NULL
WHERE id = ? AND locked_by = ? AND status = 'pending'`, storedTime(at), id, holder).Exec(ctx))
}

// Retry records a failed attempt of the message holder leased, schedules the
// next one at next and ends the lease; false when holder no longer had the row.
func (q *MailQueue) Retry(ctx context.Context, id int64, holder string, next time.Time, lastErr string) (bool, error) {
	return finished(q.db.bun.NewRaw(`UPDATE mail_queue SET next_attempt_at = ?, last_error = ?,
attempts = attempts + 1, locked_by = '', locked_until = NULL
WHERE id = ? AND locked_by = ? AND status = 'pending'`, storedTime(next), truncateError(lastErr), id, holder).Exec(ctx))
}

// MarkFailed records that the message holder leased can never be delivered: it
// is not retried. False when holder no longer had the row.
func (q *MailQueue) MarkFailed(ctx context.Context, id int64, holder string, lastErr string) (bool, error) {
	return finished(q.db.bun.NewRaw(`UPDATE mail_queue SET status = 'failed', last_error = ?,
attempts = attempts + 1, locked_by = '', locked_until = NULL
WHERE id = ? AND locked_by = ? AND status = 'pending'`, truncateError(lastErr), id, holder).Exec(ctx))
}

// Release ends holder's leases on pending rows without counting an attempt, so
// that they are due again at once (a dispatcher stopping, or giving back rows it
// had no time to send).
func (q *MailQueue) Release(ctx context.Context, ids []int64, holder string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := q.db.bun.NewRaw(`UPDATE mail_queue SET locked_by = '', locked_until = NULL
WHERE id IN (?) AND locked_by = ? AND status = 'pending'`, bun.List(ids), holder).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: release queued mail: %w", err)
	}
	return nil
}

// NextDue returns the earliest next attempt of the pending messages that no
// dispatcher leases; false when there is none.
func (q *MailQueue) NextDue(ctx context.Context) (time.Time, bool, error) {
	var rows []mailQueueRow
	err := q.db.bun.NewSelect().Model(&rows).Column("next_attempt_at").
		Where("status = 'pending'").Where("locked_until IS NULL").
		OrderExpr("next_attempt_at, id").Limit(1).Scan(ctx)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("bunstore: next due mail: %w", err)
	}
	if len(rows) == 0 {
		return time.Time{}, false, nil
	}
	return loadedTime(rows[0].NextAttemptAt), true, nil
}

// PruneSent deletes messages sent before a time and reports how many. Their
// keys are forgotten with them: an event redelivered after that would queue its
// email again, so keep them longer than any redelivery can take. The bodies of
// every other sent message are cleared at once: they are not needed to keep the
// key, and they may hold what only the recipient may read (a password-reset
// link).
func (q *MailQueue) PruneSent(ctx context.Context, before time.Time) (int, error) {
	if _, err := q.db.bun.NewRaw(`UPDATE mail_queue SET text_body = '', html_body = ''
WHERE status = 'sent' AND (text_body <> '' OR html_body <> '')`).Exec(ctx); err != nil {
		return 0, fmt.Errorf("bunstore: clear sent mail bodies: %w", err)
	}
	res, err := q.db.bun.NewDelete().TableExpr("mail_queue").
		Where("status = 'sent'").Where("sent_at < ?", storedTime(before)).Exec(ctx)
	return affected(res, err, "prune sent mail")
}

// Find returns the queued message with an idempotency key; a missing one is an
// apperr NotFound.
func (q *MailQueue) Find(ctx context.Context, key string) (QueuedMail, error) {
	var rows []mailQueueRow
	if err := q.db.bun.NewSelect().Model(&rows).Where("idempotency_key = ?", key).Scan(ctx); err != nil {
		return QueuedMail{}, fmt.Errorf("bunstore: find queued mail: %w", err)
	}
	if len(rows) == 0 {
		return QueuedMail{}, apperr.NotFound("mail_not_found", "邮件不存在")
	}
	return rows[0].queued()
}

// List returns up to limit queued messages in a state, oldest first.
func (q *MailQueue) List(ctx context.Context, status MailStatus, limit int) ([]QueuedMail, error) {
	var rows []mailQueueRow
	if err := q.db.bun.NewSelect().Model(&rows).Where("status = ?", string(status)).
		Order("id").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: list queued mail: %w", err)
	}
	return queuedAll(rows)
}

// queuedAll converts stored rows to queued messages, in order.
func queuedAll(rows []mailQueueRow) ([]QueuedMail, error) {
	out := make([]QueuedMail, 0, len(rows))
	for _, r := range rows {
		m, err := r.queued()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// truncateError bounds an error message kept with a queued email.
func truncateError(s string) string {
	if len(s) <= maxErrorLen {
		return s
	}
	// Cut on a rune boundary.
	for i := maxErrorLen; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i]
		}
	}
	return ""
}
