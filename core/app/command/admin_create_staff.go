package command

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/staff"
)

// AdminCreateStaff is 「新建工作人员」 in 工作人员管理: the admin creates a
// back-office account with an initial password (≥ 10 characters, letters and
// digits) that the holder changes after the first login.
type AdminCreateStaff struct {
	Principal   access.Principal
	Username    string
	DisplayName string
	Email       string
	Role        string
	Password    string
}

// AdminCreateStaffHandler creates staff accounts for the admin.
type AdminCreateStaffHandler struct{ p StaffAccountPorts }

// NewAdminCreateStaffHandler builds the handler.
func NewAdminCreateStaffHandler(p StaffAccountPorts) *AdminCreateStaffHandler {
	return &AdminCreateStaffHandler{p: p}
}

// Handle validates every field (a taken username is a Conflict on
// "username"), stores the account and its audit entry in one transaction, and
// returns the account's identity.
func (h *AdminCreateStaffHandler) Handle(ctx context.Context, cmd AdminCreateStaff) (string, error) {
	if err := h.p.authorize(cmd.Principal); err != nil {
		return "", err
	}
	var v apperr.Validation
	staff.CheckPassword(&v, "password", cmd.Password)
	role, ok := access.ParseStaffRole(strings.TrimSpace(cmd.Role))
	if !ok {
		v.Add("role", "role_invalid", msgRoleInvalid)
	}
	// The account's own rules (username, name, email) before paying for the hash.
	if _, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, access.RoleReviewer, "-",
		h.p.Clock.Now()); err != nil {
		for _, f := range apperr.As(err).Fields {
			v.Add(f.Field, f.Code, f.Message)
		}
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	hash, err := h.p.Hasher.Hash(cmd.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	s, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, role, hash, h.p.Clock.Now())
	if err != nil {
		return "", err
	}
	err = inTx(ctx, h.p.Tx, func(ctx context.Context) error {
		if err := h.p.Staff.Add(ctx, s); err != nil {
			return err
		}
		return h.p.record(ctx, cmd.Principal, audit.StaffCreate, s,
			fmt.Sprintf("新建工作人员账号 %s，角色：%s", staffName(s), role.Label()),
			audit.Change{Field: "username", Label: "用户名", After: s.Username()},
			audit.Change{Field: "role", Label: "角色", After: role.Label()})
	})
	if err != nil {
		return "", err
	}
	return s.ID(), nil
}
