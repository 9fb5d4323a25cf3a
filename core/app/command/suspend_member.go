package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// SuspendMemberHandler suspends memberships (暂停会籍).
type SuspendMemberHandler struct{ d RegistryDeps }

// NewSuspendMemberHandler builds the handler.
func NewSuspendMemberHandler(d RegistryDeps) *SuspendMemberHandler {
	return &SuspendMemberHandler{d: d}
}

// Handle suspends the membership of a member with a validity, with a reason
// (required): the member keeps its login and home page (which shows the status
// and the reason) but may not pay or apply until reinstated. Audited, and on
// the member's timeline (MembershipSuspended).
func (h *SuspendMemberHandler) Handle(ctx context.Context, cmd MemberStatusChange) error {
	return statusChange(ctx, h.d, cmd, audit.MemberSuspend, func(m *member.Member, reason string, now time.Time) error {
		return m.Suspend(reason, now)
	})
}
