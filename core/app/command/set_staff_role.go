package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
)

// SetStaffRole is 「修改角色」 in 工作人员管理. The account's open sessions act
// with the new role from their next request.
type SetStaffRole struct {
	Principal access.Principal
	StaffID   string
	Role      string
}

// SetStaffRoleHandler changes staff roles for the admin.
type SetStaffRoleHandler struct{ p StaffAccountPorts }

// NewSetStaffRoleHandler builds the handler.
func NewSetStaffRoleHandler(p StaffAccountPorts) *SetStaffRoleHandler {
	return &SetStaffRoleHandler{p: p}
}

// Handle stores the new role with its audit entry. Demoting the last active
// admin is refused (field "role"); the same role again changes nothing and
// records nothing.
func (h *SetStaffRoleHandler) Handle(ctx context.Context, cmd SetStaffRole) error {
	if err := h.p.authorize(cmd.Principal); err != nil {
		return err
	}
	role, err := parseStaffRole("role", cmd.Role)
	if err != nil {
		return err
	}
	return inTx(ctx, h.p.Tx, func(ctx context.Context) error {
		s, err := h.p.load(ctx, cmd.StaffID)
		if err != nil {
			return err
		}
		if s.Role() == role {
			return nil
		}
		if role != access.RoleAdmin {
			if err := h.p.keepAnAdmin(ctx, s, "role",
				"不能更改最后一个有效的系统管理员的角色：请先将另一个账号设为系统管理员"); err != nil {
				return err
			}
		}
		if err := h.p.Staff.UpdateRole(ctx, s.ID(), role); err != nil {
			return apperr.Internal(err)
		}
		return h.p.record(ctx, cmd.Principal, audit.StaffChangeRole, s,
			fmt.Sprintf("修改工作人员 %s 的角色：%s → %s", staffName(s), s.Role().Label(), role.Label()),
			audit.Change{Field: "role", Label: "角色", Before: s.Role().Label(), After: role.Label()})
	})
}
