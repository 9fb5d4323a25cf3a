package command

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ResendEmailVerification is 「重新发送验证邮件」 in the member portal.
type ResendEmailVerification struct {
	Principal access.Principal
}

// ResendEmailVerificationHandler asks for new verification mails.
type ResendEmailVerificationHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
}

// NewResendEmailVerificationHandler builds the handler.
func NewResendEmailVerificationHandler(members ports.MemberRepository, authz ports.Authorizer,
	clock ports.Clock) *ResendEmailVerificationHandler {
	return &ResendEmailVerificationHandler{members: members, authz: authz, clock: clock}
}

// Handle records the request on the member's own account; the
// EmailVerificationRequested event makes a new link go out to the registered
// address. A verified address is a Conflict; too many requests are Throttled
// (member.VerifyMailEvery, member.VerifyMailsPerDay).
func (h *ResendEmailVerificationHandler) Handle(ctx context.Context, cmd ResendEmailVerification) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.VerifyOwnEmail, cmd.Principal.ID); err != nil {
		return err
	}
	now := h.clock.Now()
	return h.members.Update(ctx, cmd.Principal.ID, func(_ context.Context, m *member.Member) error {
		return m.RequestEmailVerification(now)
	})
}
