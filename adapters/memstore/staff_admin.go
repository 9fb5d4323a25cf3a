package memstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// ListPage returns one page of the accounts ordered by user name, and how many
// there are; it reads the transaction in ctx, as bunstore does.
func (r *StaffRepository) ListPage(ctx context.Context, q ports.StaffPage) ([]*staff.Staff, int, error) {
	var rows []staff.Snapshot
	err := r.s.read(ctx, true, func(d *data) error {
		for _, row := range d.staff.all() {
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(rows, func(a, b staff.Snapshot) int { return strings.Compare(a.Username, b.Username) })
	total := len(rows)
	rows = rows[min(max(q.Offset, 0), total):]
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	out := make([]*staff.Staff, len(rows))
	for i, row := range rows {
		out[i] = restoreStaff(row)
	}
	return out, total, nil
}

// CountActiveAdmins counts the admins that are not disabled. Transactions of
// the store write one at a time, so the count holds until the one in ctx ends.
func (r *StaffRepository) CountActiveAdmins(ctx context.Context) (int, error) {
	n := 0
	err := r.s.read(ctx, true, func(d *data) error {
		for _, row := range d.staff.all() {
			if row.Role == access.RoleAdmin && row.DisabledAt.IsZero() {
				n++
			}
		}
		return nil
	})
	return n, err
}

// RecordLogin notes when the account last logged in; a missing account is
// NotFound.
func (r *StaffRepository) RecordLogin(ctx context.Context, id string, at time.Time) error {
	return r.change(ctx, "StaffRepository.RecordLogin", id, func(row *staff.Snapshot) {
		row.LastLoginAt = storedTime(at)
	})
}
