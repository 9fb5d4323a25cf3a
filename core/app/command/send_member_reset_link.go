package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// SendMemberResetLink is 「发送重置密码链接」: staff send the member a
// password-reset link to its registered address (the same single-use link,
// valid one hour, as 忘记密码). Staff never see or set the password.
type SendMemberResetLink struct {
	Principal access.Principal
	MemberID  string
}

// SendMemberResetLinkHandler sends reset links on staff's request.
type SendMemberResetLinkHandler struct{ p MemberHelpPorts }

// NewSendMemberResetLinkHandler builds the handler.
func NewSendMemberResetLinkHandler(p MemberHelpPorts) *SendMemberResetLinkHandler {
	return &SendMemberResetLinkHandler{p: p}
}

// Handle issues the member's one live reset link (an earlier one stops
// working) with its audit entry; the PasswordResetRequested event mails it.
func (h *SendMemberResetLinkHandler) Handle(ctx context.Context, cmd SendMemberResetLink) error {
	if err := h.p.authorize(cmd.Principal, cmd.MemberID); err != nil {
		return err
	}
	return h.p.update(ctx, cmd.Principal, cmd.MemberID, func(ctx context.Context, m *member.Member) (audit.Entry, error) {
		if err := issueResetLink(ctx, h.p.Tokens, m, h.p.Clock); err != nil {
			return audit.Entry{}, err
		}
		return audit.Entry{Action: audit.MemberSendReset, Subject: "member:" + m.ID(),
			Summary: fmt.Sprintf("向 %s 发送重置密码链接（1小时内有效）", m.Email())}, nil
	})
}
