package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// UnlockMemberLogin is 「解除登录锁定」: staff forget the failed logins of a
// member account, so that the member may try again at once instead of
// waiting out the throttle's window. The limit per client address stays: it
// guards against one address guessing many accounts.
type UnlockMemberLogin struct {
	Principal access.Principal
	MemberID  string
}

// UnlockMemberLoginHandler clears a member account's login throttle.
type UnlockMemberLoginHandler struct{ p MemberHelpPorts }

// NewUnlockMemberLoginHandler builds the handler.
func NewUnlockMemberLoginHandler(p MemberHelpPorts) *UnlockMemberLoginHandler {
	return &UnlockMemberLoginHandler{p: p}
}

// Handle records the audit entry, then clears the account's failed logins
// (the throttle's records join no transaction: cleared once the entry
// committed; a failure there is reported and the action can be repeated). An
// account with no failed login on record is a Conflict (not_locked): nothing
// to do, nothing recorded.
func (h *UnlockMemberLoginHandler) Handle(ctx context.Context, cmd UnlockMemberLogin) error {
	if err := h.p.authorize(cmd.Principal, cmd.MemberID); err != nil {
		return err
	}
	var key string
	err := h.p.update(ctx, cmd.Principal, cmd.MemberID, func(ctx context.Context, m *member.Member) (audit.Entry, error) {
		key = loginThrottleKey(m.ID())
		n, _, err := h.p.Attempts.Failures(ctx, key, time.Time{})
		if err != nil {
			return audit.Entry{}, apperr.Internal(err)
		}
		if n == 0 {
			return audit.Entry{}, apperr.Conflict("not_locked", "该账号没有登录失败记录，无需解除锁定")
		}
		return audit.Entry{Action: audit.MemberUnlockLogin, Subject: "member:" + m.ID(),
			Summary: fmt.Sprintf("解除登录锁定，清除 %d 次登录失败记录", n)}, nil
	})
	if err != nil {
		return err
	}
	if err := h.p.Attempts.Clear(ctx, key); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
