package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// staffRow is the stored form of staff.Staff.
type staffRow struct {
	bun.BaseModel `bun:"table:staff"`

	ID           string       `bun:"id,pk"`
	Username     string       `bun:"username"`
	DisplayName  string       `bun:"display_name"`
	Email        string       `bun:"email"`
	Role         string       `bun:"role"`
	PasswordHash string       `bun:"password_hash"`
	CreatedAt    time.Time    `bun:"created_at"`
	DisabledAt   bun.NullTime `bun:"disabled_at"`
	LastLoginAt  bun.NullTime `bun:"last_login_at"`
}

func (r *staffRow) staff() *staff.Staff {
	return staff.Restore(staff.Snapshot{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName,
		Email: r.Email, Role: access.Role(r.Role), PasswordHash: r.PasswordHash, CreatedAt: loadedTime(r.CreatedAt),
		DisabledAt: loadedTime(r.DisabledAt.Time), LastLoginAt: loadedTime(r.LastLoginAt.Time)})
}

// StaffRepository stores staff accounts; it implements ports.StaffRepository.
type StaffRepository struct{ db *DB }

var _ ports.StaffRepository = (*StaffRepository)(nil)

// NewStaffRepository returns a staff repository.
func NewStaffRepository(db *DB) *StaffRepository { return &StaffRepository{db: db} }

const (
	codeStaffNotFound = "staff_not_found"
	msgStaffNotFound  = "工作人员账号不存在"
)

// Add stores a staff account, in the transaction in ctx when there is one.
func (r *StaffRepository) Add(ctx context.Context, s *staff.Staff) error {
	a := s.Snapshot()
	row := &staffRow{ID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Email: a.Email,
		Role: string(a.Role), PasswordHash: a.PasswordHash, CreatedAt: storedTime(a.CreatedAt),
		DisabledAt: bun.NullTime{Time: storedTime(a.DisabledAt)}, LastLoginAt: bun.NullTime{Time: storedTime(a.LastLoginAt)}}
	if _, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx); err != nil {
		return mapUnique(err, staffUsernameKey)
	}
	return nil
}

// Get loads a staff account by identity, through a prepared statement: every
// back-office page asks it (the staff profile of the session).
func (r *StaffRepository) Get(ctx context.Context, id string) (*staff.Staff, error) {
	rows, err := r.db.query(ctx, "staff_by_id", func() string {
		return r.db.bun.NewSelect().Model((*staffRow)(nil)).Where("id = ?", bun.Safe("?")).Limit(1).String()
	}, id)
	if err != nil {
		return nil, fmt.Errorf("bunstore: get staff: %w", err)
	}
	row := new(staffRow)
	if err := r.db.scanOne(ctx, rows, row); err != nil {
		return nil, notFound(err, codeStaffNotFound, msgStaffNotFound)
	}
	return row.staff(), nil
}

// GetByUsername loads a staff account by user name.
func (r *StaffRepository) GetByUsername(ctx context.Context, username string) (*staff.Staff, error) {
	return r.getWhere(ctx, "username = ?", username)
}

func (r *StaffRepository) getWhere(ctx context.Context, where string, arg any) (*staff.Staff, error) {
	row := new(staffRow)
	if err := r.db.conn(ctx).NewSelect().Model(row).Where(where, arg).Limit(1).Scan(ctx); err != nil {
		return nil, notFound(err, codeStaffNotFound, msgStaffNotFound)
	}
	return row.staff(), nil
}

// List returns every staff account ordered by user name, for the back office.
func (r *StaffRepository) List(ctx context.Context) ([]*staff.Staff, error) {
	var rows []staffRow
	if err := r.db.bun.NewSelect().Model(&rows).Order("username").Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: list staff: %w", err)
	}
	out := make([]*staff.Staff, len(rows))
	for i := range rows {
		out[i] = rows[i].staff()
	}
	return out, nil
}

// UpdatePassword replaces a staff account's password hash.
func (r *StaffRepository) UpdatePassword(ctx context.Context, id, hash string) error {
	return r.set(ctx, id, "update staff password", "password_hash = ?", hash)
}

// UpdateRole replaces a staff account's role.
func (r *StaffRepository) UpdateRole(ctx context.Context, id string, role access.Role) error {
	return r.set(ctx, id, "update staff role", "role = ?", string(role))
}

// SetDisabled disables the account at disabledAt, or enables it with the zero
// time.
func (r *StaffRepository) SetDisabled(ctx context.Context, id string, disabledAt time.Time) error {
	return r.set(ctx, id, "disable staff", "disabled_at = ?", bun.NullTime{Time: storedTime(disabledAt)})
}

// set updates one column of a staff account (in the transaction in ctx when
// there is one); a missing account is NotFound.
func (r *StaffRepository) set(ctx context.Context, id, what, assignment string, value any) error {
	res, err := r.db.conn(ctx).NewUpdate().Model((*staffRow)(nil)).
		Set(assignment, value).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("bunstore: %s: %w", what, err)
	} else if n == 0 {
		return apperr.NotFound(codeStaffNotFound, msgStaffNotFound)
	}
	return nil
}
