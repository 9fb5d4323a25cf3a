package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// WithdrawMember is 退会 recorded by the staff: ByRequest when the member asked
// for it (a letter, a call), otherwise the association's decision.
type WithdrawMember struct {
	MemberStatusChange
	ByRequest bool
}

// WithdrawMemberHandler records withdrawals (退会).
type WithdrawMemberHandler struct{ d RegistryDeps }

// NewWithdrawMemberHandler builds the handler.
func NewWithdrawMemberHandler(d RegistryDeps) *WithdrawMemberHandler {
	return &WithdrawMemberHandler{d: d}
}

// Handle ends the membership for good, with a reason (required). The member
// may still log in and read its home page and notifications. Audited, and on
// the member's timeline (Withdrew).
func (h *WithdrawMemberHandler) Handle(ctx context.Context, cmd WithdrawMember) error {
	return statusChange(ctx, h.d, cmd.MemberStatusChange, audit.MemberWithdraw,
		func(m *member.Member, reason string, now time.Time) error {
			return m.Withdraw(reason, cmd.ByRequest, now)
		})
}
