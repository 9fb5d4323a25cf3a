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

// StaffRepository stores staff accounts; it implements ports.StaffRepository.
// Its reads and writes join the transaction in ctx, as bunstore's do.
type StaffRepository struct{ s *Store }

var _ ports.StaffRepository = (*StaffRepository)(nil)

// storedStaff is the account as bunstore reads it back.
func storedStaff(a *staff.Staff) staff.Snapshot {
	row := a.Snapshot()
	row.CreatedAt = storedTime(row.CreatedAt)
	row.DisabledAt = storedTime(row.DisabledAt)
	row.LastLoginAt = storedTime(row.LastLoginAt)
	return row
}

// restoreStaff returns a fresh account rebuilt from its stored form.
func restoreStaff(row staff.Snapshot) *staff.Staff { return staff.Restore(row) }

// Add stores a staff account, joining the transaction in ctx; a taken
// username is an apperr Conflict on "username".
func (r *StaffRepository) Add(ctx context.Context, a *staff.Staff) error {
	row := storedStaff(a)
	return r.s.write(ctx, true, "StaffRepository.Add", func(d *data) error {
		if d.staff.has(row.ID) {
			return errConstraint("staff.id %q exists", row.ID)
		}
		us := []unique{{&d.staffNames, "", notNull(row.Username), errStaffUsername}}
		if err := checkUnique(row.ID, us); err != nil {
			return err
		}
		applyUnique(row.ID, us)
		d.staff.put(row.ID, row)
		return nil
	})
}

// Get loads a staff account by identity.
func (r *StaffRepository) Get(ctx context.Context, id string) (*staff.Staff, error) {
	return r.getBy(ctx, func(*data) (string, bool) { return id, true })
}

// GetByUsername loads a staff account by user name.
func (r *StaffRepository) GetByUsername(ctx context.Context, username string) (*staff.Staff, error) {
	return r.getBy(ctx, func(d *data) (string, bool) { return d.staffNames.get(notNull(username)) })
}

func (r *StaffRepository) getBy(ctx context.Context, find func(d *data) (string, bool)) (*staff.Staff, error) {
	var out *staff.Staff
	err := r.s.read(ctx, true, func(d *data) error {
		id, ok := find(d)
		row, found := d.staff.get(id)
		if !ok || !found {
			return errStaffNotFound()
		}
		out = restoreStaff(row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// List returns every staff account ordered by user name, for the back office.
func (r *StaffRepository) List(ctx context.Context) ([]*staff.Staff, error) {
	var rows []staff.Snapshot
	err := r.s.read(ctx, false, func(d *data) error {
		for _, row := range d.staff.all() {
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b staff.Snapshot) int { return strings.Compare(a.Username, b.Username) })
	out := make([]*staff.Staff, len(rows))
	for i, row := range rows {
		out[i] = restoreStaff(row)
	}
	return out, nil
}

// UpdatePassword replaces a staff account's password hash; a missing account is
// an apperr NotFound.
func (r *StaffRepository) UpdatePassword(ctx context.Context, id, hash string) error {
	return r.change(ctx, "StaffRepository.UpdatePassword", id, func(row *staff.Snapshot) { row.PasswordHash = hash })
}

// UpdateRole replaces a staff account's role; a missing account is NotFound.
func (r *StaffRepository) UpdateRole(ctx context.Context, id string, role access.Role) error {
	return r.change(ctx, "StaffRepository.UpdateRole", id, func(row *staff.Snapshot) { row.Role = role })
}

// SetDisabled disables the account at disabledAt, or enables it with the zero
// time; a missing account is NotFound.
func (r *StaffRepository) SetDisabled(ctx context.Context, id string, disabledAt time.Time) error {
	return r.change(ctx, "StaffRepository.SetDisabled", id, func(row *staff.Snapshot) {
		row.DisabledAt = storedTime(disabledAt)
	})
}

// change applies fn to a stored account, joining the transaction in ctx (the
// change and its audit entry commit together).
func (r *StaffRepository) change(ctx context.Context, what, id string, fn func(row *staff.Snapshot)) error {
	return r.s.write(ctx, true, what, func(d *data) error {
		row, ok := d.staff.get(id)
		if !ok {
			return errStaffNotFound()
		}
		fn(&row)
		d.staff.put(id, row)
		return nil
	})
}
