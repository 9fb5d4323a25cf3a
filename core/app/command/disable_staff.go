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

// DisableStaff disables a back-office account (memberctl disable-staff), e.g.
// when its holder leaves: it can no longer log in and its sessions end at once.
type DisableStaff struct {
	Username string
}

// DisableStaffHandler disables staff accounts.
type DisableStaffHandler struct {
	staff    ports.StaffRepository
	sessions ports.SessionStore
	clock    ports.Clock
	tx       ports.Transactor
	audit    *Auditor
}

// NewDisableStaffHandler builds the handler; each disabling is recorded
// through audit in a transaction of tx with the account's change.
func NewDisableStaffHandler(st ports.StaffRepository, sessions ports.SessionStore, clock ports.Clock,
	tx ports.Transactor, audit *Auditor) *DisableStaffHandler {
	return &DisableStaffHandler{staff: st, sessions: sessions, clock: clock, tx: tx, audit: audit}
}

// Handle disables the account and ends its sessions. The session store also
// refuses the sessions of a disabled account, so one started meanwhile ends
// too. Disabling a disabled account keeps its first date and records nothing.
// The audit log records it as the system's action (the command line).
func (h *DisableStaffHandler) Handle(ctx context.Context, cmd DisableStaff) error {
	s, err := h.staff.GetByUsername(ctx, strings.TrimSpace(cmd.Username))
	if err != nil {
		return err
	}
	if !s.Disabled() {
		err := inTx(ctx, h.tx, func(ctx context.Context) error {
			if err := h.staff.SetDisabled(ctx, s.ID(), h.clock.Now()); err != nil {
				return internal(err)
			}
			return h.audit.Record(ctx, access.Principal{}, audit.Entry{Action: audit.StaffDisable,
				Subject: "staff:" + s.ID(), Summary: fmt.Sprintf("停用工作人员账号 %s，其登录会话立即失效", s.Username())})
		})
		if err != nil {
			return err
		}
	}
	p := access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: s.Role()}
	if err := h.sessions.DeleteForPrincipal(ctx, p, ""); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
