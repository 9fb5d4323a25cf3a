package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// CreateStaff creates a back-office account (memberctl, admin screens).
type CreateStaff struct {
	Username    string
	DisplayName string
	Email       string
	Role        string
	Password    string
}

// CreateStaffHandler creates staff accounts.
type CreateStaffHandler struct {
	staff  ports.StaffRepository
	hasher ports.PasswordHasher
	clock  ports.Clock
	tx     ports.Transactor
	audit  *Auditor
}

// NewCreateStaffHandler builds the handler; each account is recorded through
// audit in a transaction of tx with the account.
func NewCreateStaffHandler(st ports.StaffRepository, hasher ports.PasswordHasher, clock ports.Clock,
	tx ports.Transactor, audit *Auditor) *CreateStaffHandler {
	return &CreateStaffHandler{staff: st, hasher: hasher, clock: clock, tx: tx, audit: audit}
}

// Handle validates and stores the account, returning its identity. The audit
// log records it as the system's action (the command line acts for nobody).
func (h *CreateStaffHandler) Handle(ctx context.Context, cmd CreateStaff) (string, error) {
	var v apperr.Validation
	staff.CheckPassword(&v, "password", cmd.Password)
	if err := v.Err(); err != nil {
		return "", err
	}
	// Validate the rest before paying for the hash.
	if _, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, access.Role(cmd.Role), "-", h.clock.Now()); err != nil {
		return "", err
	}
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	s, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, access.Role(cmd.Role), hash, h.clock.Now())
	if err != nil {
		return "", err
	}
	err = inTx(ctx, h.tx, func(ctx context.Context) error {
		if err := h.staff.Add(ctx, s); err != nil {
			return err
		}
		return h.audit.Record(ctx, access.Principal{}, audit.Entry{Action: audit.StaffCreate,
			Subject: "staff:" + s.ID(), Summary: fmt.Sprintf("新建工作人员账号 %s，角色：%s", s.Username(), s.Role().Label()),
			Changes: audit.Diff(staffFields(), nil, staffValues(s.Username(), s.DisplayName(), s.Role()))})
	})
	if err != nil {
		return "", err
	}
	return s.ID(), nil
}

// staffFields are a staff account's audited fields with their labels.
func staffFields() [][2]string {
	return [][2]string{{"username", "用户名"}, {"display_name", "姓名"}, {"role", "角色"}}
}

// staffValues are a staff account's audited values.
func staffValues(username, displayName string, role access.Role) map[string]string {
	return map[string]string{"username": username, "display_name": displayName, "role": roleValue(role)}
}

// roleValue shows a role in the audit log: 「财务（finance）」.
func roleValue(r access.Role) string { return fmt.Sprintf("%s（%s）", r.Label(), r) }
