package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// ChangeMemberEmail is 「修改登录邮箱」 in 账号协助: staff ask to change a
// member's login email, e.g. when the contact person left. A confirmation
// link goes to the NEW address; the change applies only when it is opened
// (ConfirmEmailChange), and then the old address is told.
type ChangeMemberEmail struct {
	Principal access.Principal
	MemberID  string
	NewEmail  string
}

// ChangeMemberEmailHandler starts login-email changes for staff.
type ChangeMemberEmailHandler struct{ p MemberHelpPorts }

// NewChangeMemberEmailHandler builds the handler.
func NewChangeMemberEmailHandler(p MemberHelpPorts) *ChangeMemberEmailHandler {
	return &ChangeMemberEmailHandler{p: p}
}

// Handle stores the confirmation link as the member's one live link (an
// earlier one stops working) and records EmailChangeRequested with the audit
// entry. A bad address, the current one, or one another member uses is
// refused on the field "email" and nothing is stored.
func (h *ChangeMemberEmailHandler) Handle(ctx context.Context, cmd ChangeMemberEmail) error {
	if err := h.p.authorize(cmd.Principal, cmd.MemberID); err != nil {
		return err
	}
	email := member.NormalizeEmail(cmd.NewEmail)
	var v apperr.Validation
	member.CheckEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return err
	}
	return h.p.update(ctx, cmd.Principal, cmd.MemberID, func(ctx context.Context, m *member.Member) (audit.Entry, error) {
		if email != m.Email() {
			taken, err := h.p.Members.EmailTaken(ctx, email)
			if err != nil {
				return audit.Entry{}, apperr.Internal(err)
			}
			if taken {
				return audit.Entry{}, apperr.FieldConflict("email", "email_taken", "该邮箱已被其他会员账号使用")
			}
		}
		now := h.p.Clock.Now()
		token, linkID := auth.NewToken(), auth.NewToken()
		expires := now.Add(auth.EmailChangeFor)
		if err := m.RequestEmailChange(email, linkID, expires, now); err != nil {
			return audit.Entry{}, err
		}
		if err := h.p.Tokens.PutFor(ctx, auth.PurposeEmailChange, m.ID(), auth.HashToken(token),
			auth.VerificationPayload(m.ID(), email), expires); err != nil {
			return audit.Entry{}, apperr.Internal(err)
		}
		if err := h.p.Tokens.PutFor(ctx, auth.PurposeEmailChangeLink, m.ID(), linkID, []byte(token),
			expires); err != nil {
			return audit.Entry{}, apperr.Internal(err)
		}
		return audit.Entry{Action: audit.MemberChangeEmail, Subject: "member:" + m.ID(),
			Summary: fmt.Sprintf("申请将登录邮箱改为 %s，已向新邮箱发送确认链接（确认后生效）", email),
			Changes: []audit.Change{{Field: "email", Label: "登录邮箱", Before: m.Email(), After: fmt.Sprintf("%s（待确认）", email)}}}, nil
	})
}
