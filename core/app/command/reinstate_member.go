package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// ReinstateMemberHandler ends suspensions (恢复会籍).
type ReinstateMemberHandler struct {
	d       RegistryDeps
	renewal member.RenewalPolicy
}

// NewReinstateMemberHandler builds the handler; renewal decides whether the
// reinstated member is active, expiring or lapsed.
func NewReinstateMemberHandler(d RegistryDeps, renewal member.RenewalPolicy) *ReinstateMemberHandler {
	if renewal.ReminderDays == nil {
		renewal = member.DefaultRenewalPolicy
	}
	return &ReinstateMemberHandler{d: d, renewal: renewal}
}

// Handle reinstates a suspended member with a reason (required); its status
// then follows its validity. Audited, and on the member's timeline.
func (h *ReinstateMemberHandler) Handle(ctx context.Context, cmd MemberStatusChange) error {
	return statusChange(ctx, h.d, cmd, audit.MemberReinstate, func(m *member.Member, reason string, now time.Time) error {
		return m.Reinstate(reason, now, h.renewal)
	})
}
