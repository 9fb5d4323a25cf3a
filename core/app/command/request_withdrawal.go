package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// RequestWithdrawal is a member's own 申请退会 from the portal, with its reason
// and the confirmation that it understands the membership ends.
type RequestWithdrawal struct {
	Principal access.Principal
	Reason    string
	Confirmed bool
}

// RequestWithdrawalHandler records members' own withdrawals.
type RequestWithdrawalHandler struct {
	members ports.MemberRepository
	clock   ports.Clock
	loc     *time.Location
}

// NewRequestWithdrawalHandler builds the handler.
func NewRequestWithdrawalHandler(members ports.MemberRepository, clock ports.Clock,
	loc *time.Location) *RequestWithdrawalHandler {
	return &RequestWithdrawalHandler{members: members, clock: clock, loc: orUTC(loc)}
}

// Handle ends the member's own membership at its request (Withdrew with
// ByRequest, on its timeline): the reason and the confirmation are required,
// and the member's status must allow withdrawal (a member from approval on,
// not while a payment claim waits for finance). The member keeps its login
// and home page.
func (h *RequestWithdrawalHandler) Handle(ctx context.Context, cmd RequestWithdrawal) error {
	if err := access.Authorize(nil, cmd.Principal, access.WithdrawOwnMembership, cmd.Principal.ID); err != nil {
		return err
	}
	if !cmd.Confirmed {
		var v apperr.Validation
		if strings.TrimSpace(cmd.Reason) == "" {
			v.Add("reason", "required", "请填写原因")
		}
		v.Add("confirm", "required", "请勾选确认退会")
		return v.Err()
	}
	now := h.clock.Now().In(h.loc)
	return h.members.Update(ctx, cmd.Principal.ID, func(_ context.Context, m *member.Member) error {
		return m.Withdraw(cmd.Reason, true, now)
	})
}
