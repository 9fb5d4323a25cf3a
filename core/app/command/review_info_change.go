package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// ApproveInfoChange is a reviewer's approval of a pending 信息变更.
type ApproveInfoChange struct {
	Principal access.Principal
	ID        string
}

// ApproveInfoChangeHandler approves change requests.
type ApproveInfoChangeHandler struct{ p InfoChangePorts }

// NewApproveInfoChangeHandler builds the handler.
func NewApproveInfoChangeHandler(p InfoChangePorts) *ApproveInfoChangeHandler {
	return &ApproveInfoChangeHandler{p: p}
}

// Handle applies the change in one transaction: the member's data with the
// rules of its own form (its name index, search keys and login name follow,
// its version moves on), a re-check that a new name or USCC is still free
// (a Conflict on the field if not), the request's decision, the member's
// InfoChangeApproved (its timeline, notification and email) and the audit
// entry with every changed value before → after. A request decided meanwhile
// is a Conflict; nothing changes when any step fails.
func (h *ApproveInfoChangeHandler) Handle(ctx context.Context, cmd ApproveInfoChange) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.ReviewInfoChange, ""); err != nil {
		return err
	}
	now := h.p.now()
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := h.p.InfoChanges.GetInfoChange(ctx, strings.TrimSpace(cmd.ID))
		if err != nil {
			return err
		}
		if err := r.Approve(pr.ID, now); err != nil {
			return err
		}
		err = h.p.Members.Update(ctx, r.MemberID, func(ctx context.Context, m *member.Member) error {
			if err := h.p.checkUnique(ctx, m, r.Name, r.USCC()); err != nil {
				return err
			}
			before := m.Profile()
			changed, err := m.ApplyInfoChange(r.ID, changeOf(r), now)
			if err != nil {
				return err
			}
			return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.InfoChangeApprove, MemberID: m.ID(),
				Subject: "info_change:" + r.ID, Summary: "信息变更审核通过：" + strings.Join(changed, "、"),
				Changes: audit.Diff(member.ProfileFields(m.Kind()), before, m.Profile())})
		})
		if err != nil {
			return err
		}
		return h.p.InfoChanges.SaveInfoChange(ctx, r)
	})
}

// RejectInfoChange is a reviewer's rejection of a pending 信息变更 with the
// reason the member reads.
type RejectInfoChange struct {
	Principal access.Principal
	ID        string
	Reason    string
}

// RejectInfoChangeHandler rejects change requests.
type RejectInfoChangeHandler struct{ p InfoChangePorts }

// NewRejectInfoChangeHandler builds the handler.
func NewRejectInfoChangeHandler(p InfoChangePorts) *RejectInfoChangeHandler {
	return &RejectInfoChangeHandler{p: p}
}

// Handle records the rejection (a reason is required), the member's
// InfoChangeRejected (its notification and email) and the audit entry in one
// transaction; the member's data is unchanged.
func (h *RejectInfoChangeHandler) Handle(ctx context.Context, cmd RejectInfoChange) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.ReviewInfoChange, ""); err != nil {
		return err
	}
	now := h.p.now()
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := h.p.InfoChanges.GetInfoChange(ctx, strings.TrimSpace(cmd.ID))
		if err != nil {
			return err
		}
		if err := r.Reject(pr.ID, cmd.Reason, now); err != nil {
			return err
		}
		if err := h.p.InfoChanges.SaveInfoChange(ctx, r); err != nil {
			return err
		}
		err = h.p.Members.Update(ctx, r.MemberID, func(_ context.Context, m *member.Member) error {
			m.RejectInfoChange(r.ID, r.Reason, now)
			return nil
		})
		if err != nil {
			return err
		}
		return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.InfoChangeReject, MemberID: r.MemberID,
			Subject: "info_change:" + r.ID, Summary: "信息变更未通过：" + strings.Join(r.ChangedLabels(), "、"),
			Reason: r.Reason})
	})
}

// WithdrawInfoChange is a member's withdrawal of its own pending 信息变更.
type WithdrawInfoChange struct {
	Principal access.Principal
	ID        string
}

// WithdrawInfoChangeHandler withdraws change requests.
type WithdrawInfoChangeHandler struct{ p InfoChangePorts }

// NewWithdrawInfoChangeHandler builds the handler.
func NewWithdrawInfoChangeHandler(p InfoChangePorts) *WithdrawInfoChangeHandler {
	return &WithdrawInfoChangeHandler{p: p}
}

// Handle withdraws the member's own pending request (another member's is
// NotFound; a decided one a Conflict) and records InfoChangeWithdrawn.
func (h *WithdrawInfoChangeHandler) Handle(ctx context.Context, cmd WithdrawInfoChange) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInfoChange, pr.ID); err != nil {
		return err
	}
	now := h.p.now()
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := h.p.ownChange(ctx, pr, cmd.ID)
		if err != nil {
			return err
		}
		if err := r.Withdraw(now); err != nil {
			return err
		}
		if err := h.p.InfoChanges.SaveInfoChange(ctx, r); err != nil {
			return err
		}
		return h.p.Members.Update(ctx, r.MemberID, func(_ context.Context, m *member.Member) error {
			m.WithdrawInfoChange(r.ID, now)
			return nil
		})
	})
}
