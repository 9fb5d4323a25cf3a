package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
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
	if q.Offset > 0 {
		sel = sel.Offset(q.Offset)
	}
	total, err := sel.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list audit log: %w", err)
	}
	out := make([]audit.Entry, 0, len(rows))
	for _, r := range rows {
		var changes []audit.Change
		if err := json.Unmarshal([]byte(r.Changes), &changes); err != nil {
			return nil, 0, fmt.Errorf("bunstore: audit entry %d: changes: %w", r.ID, err)
		}
		out = append(out, audit.Entry{ID: r.ID, At: loadedTime(r.At), StaffID: r.StaffID, Address: r.Address,
			Action: audit.Action(r.Action), MemberID: r.MemberID, Subject: r.Subject, Summary: r.Summary,
			Reason: r.Reason, Changes: changes})
	}
	return out, total, nil
}
