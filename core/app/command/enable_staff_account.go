package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
)

// EnableStaffAccount is 「启用」 in 工作人员管理: a disabled account may log in
// again (with its password; the admin may reset it as well).
type EnableStaffAccount struct {
	Principal access.Principal
	StaffID   string
}

// EnableStaffAccountHandler enables staff accounts for the admin.
type EnableStaffAccountHandler struct{ p StaffAccountPorts }

// NewEnableStaffAccountHandler builds the handler.
func NewEnableStaffAccountHandler(p StaffAccountPorts) *EnableStaffAccountHandler {
	return &EnableStaffAccountHandler{p: p}
}

// Handle enables the account with its audit entry; an account that may log in
// stays as it is (nothing recorded).
func (h *EnableStaffAccountHandler) Handle(ctx context.Context, cmd EnableStaffAccount) error {
	if err := h.p.authorize(cmd.Principal); err != nil {
		return err
	}
	return inTx(ctx, h.p.Tx, func(ctx context.Context) error {
		s, err := h.p.load(ctx, cmd.StaffID)
		if err != nil || !s.Disabled() {
			return err
		}
		if err := h.p.Staff.SetDisabled(ctx, s.ID(), time.Time{}); err != nil {
			return apperr.Internal(err)
		}
		return h.p.record(ctx, cmd.Principal, audit.StaffEnable, s, fmt.Sprintf("启用工作人员账号 %s", staffName(s)),
			audit.Change{Field: "status", Label: "状态", Before: "已停用", After: "正常"})
	})
}
