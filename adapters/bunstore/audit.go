package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// auditRow is one entry of the audit log (audit_log). The table refuses
// updates and deletes (triggers of migration 0011).
type auditRow struct {
	bun.BaseModel `bun:"table:audit_log"`

	ID       int64     `bun:"id,pk,autoincrement"`
	At       time.Time `bun:"at"`
	StaffID  string    `bun:"staff_id"`
	Address  string    `bun:"address"`
	Action   string    `bun:"action"`
	MemberID string    `bun:"member_id"`
	Subject  string    `bun:"subject"`
	Summary  string    `bun:"summary"`
	Reason   string    `bun:"reason"`
	Changes  string    `bun:"changes"`
}

// AuditLog is the append-only log of staff actions; it implements
// ports.AuditLog.
type AuditLog struct{ db *DB }

var _ ports.AuditLog = (*AuditLog)(nil)

// NewAuditLog returns the audit log of db.
func NewAuditLog(db *DB) *AuditLog { return &AuditLog{db: db} }

// Append inserts an entry, in the transaction in ctx when there is one.
func (l *AuditLog) Append(ctx context.Context, e audit.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	changes := e.Changes
	if changes == nil {
		changes = []audit.Change{}
	}
	js, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("bunstore: encode audit changes: %w", err)
	}
	row := auditRow{At: storedTime(e.At), StaffID: e.StaffID, Address: e.Address, Action: string(e.Action),
		MemberID: e.MemberID, Subject: e.Subject, Summary: e.Summary, Reason: e.Reason, Changes: string(js)}
	if _, err := l.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: append audit entry: %w", err)
	}
	return nil
}

// List returns one page of the matching entries, newest first, and how many
// match. Each filter has its index (staff, member, action, each by time).
func (l *AuditLog) List(ctx context.Context, q ports.AuditQuery) ([]audit.Entry, int, error) {
	if q.MemberID != "" && q.StaffID == "" && q.Action == "" && q.From.IsZero() && q.To.IsZero() &&
		q.Limit > 0 && q.Offset <= 0 && q.AfterID == 0 {
		return l.ofMember(ctx, q.MemberID, q.Limit)
	}
	var rows []auditRow
	sel := l.db.conn(ctx).NewSelect().Model(&rows).OrderExpr("at DESC, id DESC")
	if q.StaffID != "" {
		sel = sel.Where("staff_id = ?", q.StaffID)
	}
	if q.MemberID != "" {
		sel = sel.Where("member_id = ?", q.MemberID)
	}
	if q.Action != "" {
		sel = sel.Where("action = ?", string(q.Action))
	}
	if !q.From.IsZero() {
		sel = sel.Where("at >= ?", storedTime(q.From))
	}
	if !q.To.IsZero() {
		sel = sel.Where("at < ?", storedTime(q.To))
	}
	if q.Limit > 0 {
		sel = sel.Limit(q.Limit)
	}
	var (
		total int
		err   error
	)
	switch {
	case q.AfterID != 0: // keyset paging through audit_log_at_idx (no total)
		err = sel.Where("(at, id) < (SELECT k.at, k.id FROM audit_log AS k WHERE k.id = ?)", q.AfterID).Scan(ctx)
	case q.Offset > 0:
		total, err = sel.Offset(q.Offset).ScanAndCount(ctx)
	default:
		total, err = sel.ScanAndCount(ctx)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list audit log: %w", err)
	}
	out, err := auditEntries(rows)
	return out, total, err
}

// ofMember is List's first page of one member's entries (the member detail's
// timeline asks it on every view) in one prepared statement, each row with the
// member's total (a subquery run once, as in NotificationRepository.firstPage);
// no row means no entry at all.
func (l *AuditLog) ofMember(ctx context.Context, memberID string, limit int) ([]audit.Entry, int, error) {
	q := l.db.bun.NewSelect().Model((*auditRow)(nil)).
		ColumnExpr("audit_row.*").
		ColumnExpr("(SELECT count(*) FROM audit_log WHERE member_id = ?) AS total_count", bun.Safe("?")).
		Where("member_id = ?", bun.Safe("?")).OrderExpr("at DESC, id DESC").Limit(limit)
	sqlRows, err := l.db.query(ctx, "audit_of_member_"+strconv.Itoa(limit), q.String, memberID, memberID)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list audit log: %w", err)
	}
	var counted []countedAuditRow
	if err := l.db.bun.ScanRows(ctx, sqlRows, &counted); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list audit log: %w", err)
	}
	rows := make([]auditRow, len(counted))
	total := 0
	for i, r := range counted {
		rows[i], total = r.auditRow, r.TotalCount
	}
	out, err := auditEntries(rows)
	return out, total, err
}

// countedAuditRow is an entry with the total of its query.
type countedAuditRow struct {
	auditRow   `bun:",extend"`
	TotalCount int `bun:"total_count,scanonly"`
}

// auditEntries maps stored rows to entries.
func auditEntries(rows []auditRow) ([]audit.Entry, error) {
	out := make([]audit.Entry, 0, len(rows))
	for _, r := range rows {
		changes := []audit.Change{}
		if r.Changes != "[]" {
			if err := json.Unmarshal([]byte(r.Changes), &changes); err != nil {
				return nil, fmt.Errorf("bunstore: audit entry %d: changes: %w", r.ID, err)
			}
		}
		out = append(out, audit.Entry{ID: r.ID, At: loadedTime(r.At), StaffID: r.StaffID, Address: r.Address,
			Action: audit.Action(r.Action), MemberID: r.MemberID, Subject: r.Subject, Summary: r.Summary,
			Reason: r.Reason, Changes: changes})
	}
	return out, nil
}
