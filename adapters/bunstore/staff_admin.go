package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// ListPage returns one page of the accounts ordered by user name, and how many
// there are (the unique index on username serves the order).
func (r *StaffRepository) ListPage(ctx context.Context, q ports.StaffPage) ([]*staff.Staff, int, error) {
	var rows []staffRow
	sel := r.db.conn(ctx).NewSelect().Model(&rows).Order("username").Offset(max(q.Offset, 0))
	if q.Limit > 0 {
		sel = sel.Limit(q.Limit)
	}
	total, err := sel.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list staff: %w", err)
	}
	out := make([]*staff.Staff, len(rows))
	for i := range rows {
		out[i] = rows[i].staff()
	}
	return out, total, nil
}

// CountActiveAdmins counts the admins that are not disabled; on PostgreSQL it
// locks their rows until the transaction in ctx ends (an aggregate cannot be
// locked, so the ids are read and counted here).
func (r *StaffRepository) CountActiveAdmins(ctx context.Context) (int, error) {
	var ids []string
	sel := r.db.conn(ctx).NewSelect().Model((*staffRow)(nil)).Column("id").
		Where("role = ?", string(access.RoleAdmin)).Where("disabled_at IS NULL").Order("id")
	if r.db.postgres {
		sel = sel.For("UPDATE")
	}
	if err := sel.Scan(ctx, &ids); err != nil {
		return 0, fmt.Errorf("bunstore: count active admins: %w", err)
	}
	return len(ids), nil
}

// RecordLogin notes when the account last logged in.
func (r *StaffRepository) RecordLogin(ctx context.Context, id string, at time.Time) error {
	return r.set(ctx, id, "record staff login", "last_login_at = ?", bun.NullTime{Time: storedTime(at)})
}
