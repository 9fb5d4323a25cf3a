package command

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// RejectApplication is a reviewer's 「退回」 with the reason the member sees.
type RejectApplication struct {
	Principal access.Principal
	MemberID  string
	Reason    string
}

// RejectApplicationHandler returns applications to their members.
type RejectApplicationHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
	audit   *Auditor
}

// NewRejectApplicationHandler builds the handler; each return is recorded
// through audit.
func NewRejectApplicationHandler(members ports.MemberRepository, authz ports.Authorizer, clock ports.Clock,
	audit *Auditor) *RejectApplicationHandler {
	return &RejectApplicationHandler{members: members, authz: authz, clock: clock, audit: audit}
}

// Handle returns a submitted application with a reason (required, at most 500
// characters, field "reason"). The member may then edit and resubmit. The
// audit log's entry, with the reason, is written in the same transaction.
func (h *RejectApplicationHandler) Handle(ctx context.Context, cmd RejectApplication) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.ReviewApplication, ""); err != nil {
		return err
	}
	memberID := strings.TrimSpace(cmd.MemberID)
	if memberID == "" {
		return apperr.NotFound("member_not_found", "会员不存在")
	}
	now := h.clock.Now()
	return h.members.Update(ctx, memberID, func(ctx context.Context, m *member.Member) error {
		if err := m.Reject(cmd.Reason, now); err != nil {
			return err
		}
		return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.ApplicationReject,
			MemberID: m.ID(), Subject: "member:" + m.ID(), Reason: m.RejectReason(),
			Summary: fmt.Sprintf("退回入会申请：%s", m.RejectReason())})
	})
}
