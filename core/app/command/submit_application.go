package command

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// SubmitApplication is 「下一步」 on step ③ (enterprise) or 「提交」 on the individual
// form: the application goes to the review queue.
type SubmitApplication struct {
	Principal access.Principal
	// ConfirmStamped is the tick 「我已打印盖章并上传《入会申请表》」 (enterprises).
	ConfirmStamped bool
}

// SubmitApplicationHandler submits applications.
type SubmitApplicationHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
}

// NewSubmitApplicationHandler builds the handler.
func NewSubmitApplicationHandler(members ports.MemberRepository, authz ports.Authorizer, clock ports.Clock) *SubmitApplicationHandler {
	return &SubmitApplicationHandler{members: members, authz: authz, clock: clock}
}

// Handle submits the member's own application. A missing field, scan or tick is
// an Invalid error naming it; the ApplicationSubmitted event it records produces
// the notification.
func (h *SubmitApplicationHandler) Handle(ctx context.Context, cmd SubmitApplication) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.SubmitOwnApplication, cmd.Principal.ID); err != nil {
		return err
	}
	now := h.clock.Now()
	return h.members.Update(ctx, cmd.Principal.ID, func(_ context.Context, m *member.Member) error {
		if err := m.RequireVerifiedEmail(); err != nil {
			return err
		}
		return m.Submit(cmd.ConfirmStamped, now)
	})
}
