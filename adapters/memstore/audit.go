package memstore

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// AuditLog is the append-only log of staff actions; it implements
// ports.AuditLog. It has no update or delete, like bunstore's table whose
// triggers refuse them.
type AuditLog struct{ s *Store }

var _ ports.AuditLog = (*AuditLog)(nil)

// AuditLog returns the audit log.
func (s *Store) AuditLog() *AuditLog { return &AuditLog{s: s} }

// Append stores an entry with the next id, joining the transaction in ctx.
func (l *AuditLog) Append(ctx context.Context, e audit.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	e.ID = l.s.nextID.Add(1)
	e.At = storedTime(e.At)
	e.Changes = slices.Clone(e.Changes)
	return l.s.write(ctx, true, "AuditLog.Append", func(d *data) error {
		d.audit.put(e.ID, e)
		return nil
	})
}

// List returns one page of the matching entries, newest first, and how many
// match.
func (l *AuditLog) List(ctx context.Context, q ports.AuditQuery) ([]audit.Entry, int, error) {
	var all []audit.Entry
	err := l.s.read(ctx, true, func(d *data) error {
		for _, e := range d.audit.all() {
			if auditMatches(e, q) {
				all = append(all, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b audit.Entry) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	total := len(all)
	rows := page(all, q.Limit, q.Offset)
	if q.AfterID != 0 { // keyset paging (no total)
		total, rows = 0, page(after(all, q.AfterID, func(e audit.Entry) int64 { return e.ID }), q.Limit, 0)
	}
	out := make([]audit.Entry, 0, len(rows))
	for _, e := range rows {
		e.Changes = slices.Clone(e.Changes)
		out = append(out, e)
	}
	return out, total, nil
}

func auditMatches(e audit.Entry, q ports.AuditQuery) bool {
	switch {
	case q.StaffID != "" && e.StaffID != q.StaffID,
		q.MemberID != "" && e.MemberID != q.MemberID,
		q.Action != "" && e.Action != q.Action,
		!q.From.IsZero() && e.At.Before(storedTime(q.From)),
		!q.To.IsZero() && !e.At.Before(storedTime(q.To)):
		return false
	}
	return true
}
