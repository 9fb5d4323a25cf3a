package bunstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// notificationRow is the stored form of a notification.Notification.
type notificationRow struct {
	bun.BaseModel `bun:"table:notifications"`

	ID        string    `bun:"id,pk"`
	MemberID  string    `bun:"member_id"`
	Key       string    `bun:"key"`
	Category  string    `bun:"category"`
	Text      string    `bun:"text"`
	CreatedAt time.Time `bun:"created_at"`
	ReadAt    time.Time `bun:"read_at,nullzero"`
}

// NotificationRepository stores notifications; it implements
// ports.NotificationRepository.
type NotificationRepository struct{ db *DB }

var _ ports.NotificationRepository = (*NotificationRepository)(nil)

// NewNotificationRepository returns a notification repository.
func NewNotificationRepository(db *DB) *NotificationRepository {
	return &NotificationRepository{db: db}
}

// Add stores a notification unless its key is taken, in one statement.
func (r *NotificationRepository) Add(ctx context.Context, n notification.Notification) (bool, error) {
	row := &notificationRow{ID: n.ID, MemberID: n.MemberID, Key: n.Key, Category: string(n.Category), Text: n.Text,
		CreatedAt: storedTime(n.CreatedAt), ReadAt: storedTime(n.ReadAt)}
	res, err := r.db.bun.NewInsert().Model(row).On(`CONFLICT ("key") DO NOTHING`).Exec(ctx)
	n2, err := affected(res, err, "add notification")
	return n2 == 1, err
}

// ListForMember returns a member's notifications, newest first.
func (r *NotificationRepository) ListForMember(ctx context.Context, memberID string, limit, offset int) ([]notification.Notification, int, error) {
	if limit > 0 && offset <= 0 {
		return r.firstPage(ctx, memberID, limit)
	}
	var rows []notificationRow
	q := r.db.bun.NewSelect().Model(&rows).Where("member_id = ?", memberID).OrderExpr("created_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if offset > 0 {
		q = q.Offset(offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list notifications: %w", err)
	}
	out := make([]notification.Notification, len(rows))
	for i, row := range rows {
		out[i] = notification.Notification{ID: row.ID, MemberID: row.MemberID, Key: row.Key,
			Category: notification.Category(row.Category), Text: row.Text,
			CreatedAt: loadedTime(row.CreatedAt), ReadAt: loadedTime(row.ReadAt)}
	}
	return out, total, nil
}

// Recent returns a member's latest notifications and the member's unread count,
// in one indexed query.
func (r *NotificationRepository) Recent(ctx context.Context, memberID string, limit int) ([]notification.Notification, int, error) {
	// One query: the window sum counts the unread notifications of the whole
	// member (it is computed before LIMIT), so older unread ones are counted too.
	// A prepared statement per limit (every member page asks it). The limit is
	// written into the statement: bound as a parameter, SQLite re-prepared the
	// statement on every run.
	q := r.db.bun.NewSelect().Model((*notificationRow)(nil)).
		ColumnExpr("notification_row.*").
		ColumnExpr("SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) OVER () AS unread_total").
		Where("member_id = ?", bun.Safe("?")).OrderExpr("created_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	sqlRows, err := r.db.query(ctx, "recent_notifications_"+strconv.Itoa(limit), q.String, memberID)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: recent notifications: %w", err)
	}
	var rows []recentNotificationRow
	if err := r.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, 0, fmt.Errorf("bunstore: recent notifications: %w", err)
	}
	out := make([]notification.Notification, len(rows))
	unread := 0
	for i, row := range rows {
		out[i] = notification.Notification{ID: row.ID, MemberID: row.MemberID, Key: row.Key,
			Category: notification.Category(row.Category), Text: row.Text,
			CreatedAt: loadedTime(row.CreatedAt), ReadAt: loadedTime(row.ReadAt)}
		unread = row.UnreadTotal
	}
	return out, unread, nil
}

// firstPage is ListForMember's first page in one prepared statement (the
// member detail asks it on every view), each row with the member's total
// (a subquery the database runs once; a window count would make SQLite build
// a temporary table on every run); no row means no notification at all.
func (r *NotificationRepository) firstPage(ctx context.Context, memberID string, limit int) ([]notification.Notification, int, error) {
	q := r.db.bun.NewSelect().Model((*notificationRow)(nil)).
		ColumnExpr("notification_row.*").
		ColumnExpr("(SELECT count(*) FROM notifications WHERE member_id = ?) AS total_count", bun.Safe("?")).
		Where("member_id = ?", bun.Safe("?")).OrderExpr("created_at DESC, id DESC").Limit(limit)
	sqlRows, err := r.db.query(ctx, "notifications_first_page_"+strconv.Itoa(limit), q.String, memberID, memberID)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list notifications: %w", err)
	}
	var rows []countedNotificationRow
	if err := r.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list notifications: %w", err)
	}
	out := make([]notification.Notification, len(rows))
	total := 0
	for i, row := range rows {
		out[i] = notification.Notification{ID: row.ID, MemberID: row.MemberID, Key: row.Key,
			Category: notification.Category(row.Category), Text: row.Text,
			CreatedAt: loadedTime(row.CreatedAt), ReadAt: loadedTime(row.ReadAt)}
		total = row.TotalCount
	}
	return out, total, nil
}

// countedNotificationRow is a notification with the member's total.
type countedNotificationRow struct {
	notificationRow `bun:",extend"`
	TotalCount      int `bun:"total_count,scanonly"`
}

// recentNotificationRow is a notification with the member's unread total.
type recentNotificationRow struct {
	notificationRow `bun:",extend"`
	UnreadTotal     int `bun:"unread_total,scanonly"`
}

// CountUnread counts a member's unread notifications (a prepared statement:
// the member detail asks it on every view).
func (r *NotificationRepository) CountUnread(ctx context.Context, memberID string) (int, error) {
	rows, err := r.db.query(ctx, "unread_notifications", func() string {
		return r.db.bun.NewSelect().Model((*notificationRow)(nil)).ColumnExpr("count(*)").
			Where("member_id = ?", bun.Safe("?")).Where("read_at IS NULL").String()
	}, memberID)
	if err != nil {
		return 0, fmt.Errorf("bunstore: count unread notifications: %w", err)
	}
	var n int
	if err := r.db.scanOne(ctx, rows, &n); err != nil {
		return 0, fmt.Errorf("bunstore: count unread notifications: %w", err)
	}
	return n, nil
}

// MarkRead marks a member's unread notifications (those listed, or all) read.
func (r *NotificationRepository) MarkRead(ctx context.Context, memberID string, ids []string, at time.Time) (int, error) {
	q := r.db.bun.NewUpdate().Model((*notificationRow)(nil)).
		Set("read_at = ?", storedTime(at)).
		Where("member_id = ?", memberID).Where("read_at IS NULL")
	if len(ids) > 0 {
		q = q.Where("id IN (?)", bun.List(ids))
	}
	res, err := q.Exec(ctx)
	return affected(res, err, "mark notifications read")
}

// HandledEvents is the ledger of events handlers already handled; it implements
// ports.HandledEvents.
type HandledEvents struct{ db *DB }

var _ ports.HandledEvents = (*HandledEvents)(nil)

// NewHandledEvents returns the ledger.
func NewHandledEvents(db *DB) *HandledEvents { return &HandledEvents{db: db} }

// Handled reports whether the handler recorded the key.
func (h *HandledEvents) Handled(ctx context.Context, handler, key string) (bool, error) {
	ok, err := h.db.bun.NewSelect().TableExpr("handled_events").
		Where("handler = ?", handler).Where(`"key" = ?`, key).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("bunstore: check handled event: %w", err)
	}
	return ok, nil
}

// MarkHandled records the key; a second record is ignored.
func (h *HandledEvents) MarkHandled(ctx context.Context, handler, key string, at time.Time) error {
	_, err := h.db.bun.NewRaw(`INSERT INTO handled_events (handler, "key", handled_at) VALUES (?, ?, ?)
ON CONFLICT (handler, "key") DO NOTHING`, handler, key, storedTime(at)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: mark handled event: %w", err)
	}
	return nil
}

// DeleteBefore forgets the events handled before a time (housekeeping: no
// redelivery comes that late) and reports how many.
func (h *HandledEvents) DeleteBefore(ctx context.Context, before time.Time) (int, error) {
	res, err := h.db.bun.NewDelete().TableExpr("handled_events").
		Where("handled_at < ?", storedTime(before)).Exec(ctx)
	return affected(res, err, "delete old handled events")
}
