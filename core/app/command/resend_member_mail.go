package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// ResendMemberMail is 「重发验证邮件」: staff send a member whose address is
// not verified yet a new verification link — the link of the welcome mail
// sent at registration, which is what a member who lost it needs.
type ResendMemberMail struct {
	Principal access.Principal
	MemberID  string
}

// ResendMemberMailHandler resends verification mails on staff's request.
type ResendMemberMailHandler struct{ p MemberHelpPorts }

// NewResendMemberMailHandler builds the handler.
func NewResendMemberMailHandler(p MemberHelpPorts) *ResendMemberMailHandler {
	return &ResendMemberMailHandler{p: p}
}

// Handle records EmailVerificationRequested (its handler mails a new link)
// with the audit entry. A verified address is a Conflict; the member's limits
// of verification mails apply (Throttled): staff cannot flood an address.
func (h *ResendMemberMailHandler) Handle(ctx context.Context, cmd ResendMemberMail) error {
	if err := h.p.authorize(cmd.Principal, cmd.MemberID); err != nil {
		return err
	}
	return h.p.update(ctx, cmd.Principal, cmd.MemberID, func(_ context.Context, m *member.Member) (audit.Entry, error) {
		if m.EmailVerified() {
			return audit.Entry{}, apperr.Conflict("email_already_verified",
				"该会员的邮箱已验证，无需重发验证邮件；如会员忘记密码，请发送重置密码链接")
		}
		if err := m.RequestEmailVerification(h.p.Clock.Now()); err != nil {
			return audit.Entry{}, err
		}
		return audit.Entry{Action: audit.MemberResendMail, Subject: "member:" + m.ID(),
			Summary: fmt.Sprintf("向 %s 重发验证邮件", m.Email())}, nil
	})
}
