package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApproveApplication is a reviewer's 「审核通过」 on an application.
type ApproveApplication struct {
	Principal access.Principal
	MemberID  string
}

// NumberFormats are the member-number patterns per kind.
type NumberFormats struct {
	Enterprise member.NumberFormat
	Individual member.NumberFormat
}

// For returns the format of a member kind.
func (f NumberFormats) For(k member.Kind) member.NumberFormat {
	if k == member.Individual {
		return f.Individual
	}
	return f.Enterprise
}

// ApproveApplicationHandler approves applications and assigns member numbers.
type ApproveApplicationHandler struct {
	members   ports.MemberRepository
	sequences ports.Sequences
	authz     ports.Authorizer
	clock     ports.Clock
	formats   NumberFormats
	loc       *time.Location
	audit     *Auditor
}

// NewApproveApplicationHandler builds the handler. Numbers take their year in loc
// (the association's time zone); each approval is recorded through audit.
func NewApproveApplicationHandler(members ports.MemberRepository, sequences ports.Sequences, authz ports.Authorizer,
	clock ports.Clock, formats NumberFormats, loc *time.Location, audit *Auditor) *ApproveApplicationHandler {
	return &ApproveApplicationHandler{members: members, sequences: sequences, authz: authz, clock: clock,
		formats: formats, loc: orUTC(loc), audit: audit}
}

// Handle approves a submitted application and returns the member number. The
// number is drawn inside the member's transaction (the repository passes its
// transaction to Sequences.Next through ctx), so a failed approval wastes no
// number and numbers stay consecutive. The member's payment reference code is
// assigned in the same transaction (see AssignPaymentRef); a code another
// member holds rolls the approval back and it is retried with the next code. A
// second approval is a Conflict (member.ErrAlreadyApproved). The audit log's
// entry (「审核通过，分配会员号 …」) is written in the same transaction.
func (h *ApproveApplicationHandler) Handle(ctx context.Context, cmd ApproveApplication) (string, error) {
	if err := access.Authorize(h.authz, cmd.Principal, access.ReviewApplication, ""); err != nil {
		return "", err
	}
	memberID := strings.TrimSpace(cmd.MemberID)
	if memberID == "" {
		return "", apperr.NotFound("member_not_found", "会员不存在")
	}
	now := h.clock.Now().In(h.loc)
	var number string
	err := withFreeRef(memberID, func(ref string) error {
		return h.members.Update(ctx, memberID, func(ctx context.Context, m *member.Member) error {
			var err error
			if number, err = h.approve(ctx, m, now); err != nil {
				return err
			}
			if err := m.AssignPaymentRef(ref, now); err != nil {
				return err
			}
			return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.ApplicationApprove,
				MemberID: m.ID(), Subject: "member:" + m.ID(),
				Summary: fmt.Sprintf("审核通过，分配会员号 %s", number)})
		})
	})
	if err != nil {
		return "", err
	}
	return number, nil
}

// approve draws the member's number and approves the application.
func (h *ApproveApplicationHandler) approve(ctx context.Context, m *member.Member, now time.Time) (string, error) {
	if err := m.CanApprove(); err != nil {
		return "", err
	}
	format := h.formats.For(m.Kind())
	seq, err := h.sequences.Next(ctx, format.Scope(m.Kind(), now))
	if err != nil {
		return "", apperr.Internal(err)
	}
	number, err := format.Format(now, seq)
	if err != nil {
		msg := "本年度的会员号已用完，请管理员调整会员号格式"
		if !format.HasYear() {
			msg = "会员号已用完，请管理员调整会员号格式"
		}
		return "", &apperr.Error{Kind: apperr.KindInternal, Code: "member_numbers_exhausted",
			Message: msg, Err: fmt.Errorf("member number: %w", err)}
	}
	return number, m.Approve(number, now)
}
