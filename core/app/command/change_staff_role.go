package command

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// ChangeStaffRole gives a back-office account another role (memberctl
// set-staff-role). Its open sessions act with the new role from their next
// request: the session store reads the role with each session.
type ChangeStaffRole struct {
	Username string
	Role     string
}

// ChangeStaffRoleHandler changes staff roles.
type ChangeStaffRoleHandler struct {
	staff ports.StaffRepository
	tx    ports.Transactor
	audit *Auditor
}

// NewChangeStaffRoleHandler builds the handler; each change is recorded through
// audit (role before → after) in a transaction of tx with the change.
func NewChangeStaffRoleHandler(st ports.StaffRepository, tx ports.Transactor, audit *Auditor) *ChangeStaffRoleHandler {
	return &ChangeStaffRoleHandler{staff: st, tx: tx, audit: audit}
}

// Handle checks the role and stores it; the audit log records the system's
// action (the command line) with the role before → after. Giving an account
// the role it has changes and records nothing.
func (h *ChangeStaffRoleHandler) Handle(ctx context.Context, cmd ChangeStaffRole) error {
	role := access.Role(strings.TrimSpace(cmd.Role))
	if !role.IsStaff() {
		var v apperr.Validation
		v.Add("role", "role_invalid", "请选择工作人员角色：reviewer、finance、secretariat 或 admin")
		return v.Err()
	}
	s, err := h.staff.GetByUsername(ctx, strings.TrimSpace(cmd.Username))
	if err != nil {
		return err
	}
	if s.Role() == role {
		return nil
	}
	return inTx(ctx, h.tx, func(ctx context.Context) error {
		if err := h.staff.UpdateRole(ctx, s.ID(), role); err != nil {
			return internal(err)
		}
		return h.audit.Record(ctx, access.Principal{}, audit.Entry{Action: audit.StaffChangeRole,
			Subject: "staff:" + s.ID(),
			Summary: fmt.Sprintf("工作人员 %s 的角色由%s改为%s", s.Username(), s.Role().Label(), role.Label()),
			Changes: []audit.Change{{Field: "role", Label: "角色", Before: roleValue(s.Role()), After: roleValue(role)}}})
	})
}
