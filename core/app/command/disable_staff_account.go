package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/staff"
)

// DisableStaffAccount is 「停用」 in 工作人员管理: the account can no longer log
// in and its open sessions end at once.
type DisableStaffAccount struct {
	Principal access.Principal
	StaffID   string
}

// DisableStaffAccountHandler disables staff accounts for the admin.
type DisableStaffAccountHandler struct{ p StaffAccountPorts }

// NewDisableStaffAccountHandler builds the handler.
func NewDisableStaffAccountHandler(p StaffAccountPorts) *DisableStaffAccountHandler {
	return &DisableStaffAccountHandler{p: p}
}

// Handle disables the account with its audit entry, then ends its sessions.
// An admin cannot disable its own account, nor the last active admin; a
// disabled account stays as it is (nothing recorded).
func (h *DisableStaffAccountHandler) Handle(ctx context.Context, cmd DisableStaffAccount) error {
	if err := h.p.authorize(cmd.Principal); err != nil {
		return err
	}
	var v apperr.Validation
	if cmd.StaffID == cmd.Principal.ID {
		v.Add("staff", "disable_self", "不能停用自己正在使用的账号")
		return v.Err()
	}
	now := h.p.Clock.Now()
	var target *staff.Staff
	err := inTx(ctx, h.p.Tx, func(ctx context.Context) error {
		s, err := h.p.load(ctx, cmd.StaffID)
		if err != nil {
			return err
		}
		target = s
		if s.Disabled() {
			return nil
		}
		if err := h.p.keepAnAdmin(ctx, s, "staff",
			"不能停用最后一个有效的系统管理员：请先将另一个账号设为系统管理员"); err != nil {
			return err
		}
		if err := h.p.Staff.SetDisabled(ctx, s.ID(), now); err != nil {
			return apperr.Internal(err)
		}
		return h.p.record(ctx, cmd.Principal, audit.StaffDisable, s, fmt.Sprintf("停用工作人员账号 %s，其登录会话已全部结束", staffName(s)),
			audit.Change{Field: "status", Label: "状态", Before: "正常", After: "已停用"})
	})
	if err != nil {
		return err
	}
	// A disabled account's sessions are refused already; this ends any left.
	return h.p.endSessions(ctx, target)
}
