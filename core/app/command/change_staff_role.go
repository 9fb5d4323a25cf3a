package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
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
}

// NewChangeStaffRoleHandler builds the handler.
func NewChangeStaffRoleHandler(st ports.StaffRepository) *ChangeStaffRoleHandler {
	return &ChangeStaffRoleHandler{staff: st}
}

// Handle checks the role and stores it.
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
	return internal(h.staff.UpdateRole(ctx, s.ID(), role))
}
