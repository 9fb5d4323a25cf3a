package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/staff"
)

// ResetStaffPassword is 「重置密码」 in 工作人员管理: the admin sets a new
// password (≥ 10 characters, letters and digits) and tells the holder in
// person; every session of the account ends. (Staff accounts need not have an
// email address, so no link is mailed.)
type ResetStaffPassword struct {
	Principal access.Principal
	StaffID   string
	Password  string
}

// ResetStaffPasswordHandler resets staff passwords for the admin.
type ResetStaffPasswordHandler struct{ p StaffAccountPorts }

// NewResetStaffPasswordHandler builds the handler.
func NewResetStaffPasswordHandler(p StaffAccountPorts) *ResetStaffPasswordHandler {
	return &ResetStaffPasswordHandler{p: p}
}

// Handle checks the password, stores its hash with the audit entry (which
// keeps no trace of the password) and ends the account's sessions.
func (h *ResetStaffPasswordHandler) Handle(ctx context.Context, cmd ResetStaffPassword) error {
	if err := h.p.authorize(cmd.Principal); err != nil {
		return err
	}
	var v apperr.Validation
	staff.CheckPassword(&v, "password", cmd.Password)
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := h.p.load(ctx, cmd.StaffID); err != nil {
		return err // before paying for the hash
	}
	hash, err := h.p.Hasher.Hash(cmd.Password)
	if err != nil {
		return apperr.Internal(err)
	}
	var target *staff.Staff
	err = inTx(ctx, h.p.Tx, func(ctx context.Context) error {
		s, err := h.p.load(ctx, cmd.StaffID)
		if err != nil {
			return err
		}
		target = s
		if err := h.p.Staff.UpdatePassword(ctx, s.ID(), hash); err != nil {
			return apperr.Internal(err)
		}
		return h.p.record(ctx, cmd.Principal, audit.StaffResetPassword, s,
			fmt.Sprintf("重置工作人员 %s 的登录密码，其登录会话已全部结束", staffName(s)))
	})
	if err != nil {
		return err
	}
	return h.p.endSessions(ctx, target)
}
