package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
)

// ReturnCouncilForm is the staff's return (退回) of a completed council form
// with a reason the member sees.
type ReturnCouncilForm struct {
	Principal access.Principal
	FormID    string
	Reason    string
}

// AcceptCouncilForm is the staff's 确认: the form is complete as submitted.
type AcceptCouncilForm struct {
	Principal access.Principal
	FormID    string
}

// ReviewCouncilFormHandler returns and accepts council forms.
type ReviewCouncilFormHandler struct{ p CouncilPorts }

// NewReviewCouncilFormHandler builds the handler.
func NewReviewCouncilFormHandler(p CouncilPorts) *ReviewCouncilFormHandler {
	return &ReviewCouncilFormHandler{p: p}
}

// Return returns the form in one transaction with its audit entry and the
// member's event (member.CouncilFormReturned: the notification and the email,
// addressed also to the council's 联系人信息). A form not submitted is a
// Conflict; an unknown one NotFound.
func (h *ReviewCouncilFormHandler) Return(ctx context.Context, cmd ReturnCouncilForm) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.ReviewCouncilForm, ""); err != nil {
		return err
	}
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		f, err := h.p.staffForm(ctx, cmd.FormID)
		if err != nil {
			return err
		}
		before := f.Status
		if err := f.Return(cmd.Reason, h.p.Clock.Now()); err != nil {
			return err
		}
		if err := h.p.Council.PutForm(ctx, f); err != nil {
			return apperr.Internal(err)
		}
		c, _, err := h.p.Council.GetContact(ctx, f.MemberID)
		if err != nil {
			return apperr.Internal(err)
		}
		err = h.p.Members.Update(ctx, f.MemberID, func(_ context.Context, m *member.Member) error {
			m.ReturnCouncilForm(f.ID, f.Kind.Title(), f.ReturnReason, c.Email, h.p.Clock.Now())
			return nil
		})
		if err != nil {
			return err
		}
		return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.CouncilFormReturn, MemberID: f.MemberID,
			Subject: "council:" + f.ID, Summary: fmt.Sprintf("退回《%s》", f.Kind.Title()), Reason: f.ReturnReason,
			Changes: []audit.Change{councilStatusChange(before, f.Status)}})
	})
}

// Accept takes a submitted form as complete, with its audit entry.
func (h *ReviewCouncilFormHandler) Accept(ctx context.Context, cmd AcceptCouncilForm) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.ReviewCouncilForm, ""); err != nil {
		return err
	}
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		f, err := h.p.staffForm(ctx, cmd.FormID)
		if err != nil {
			return err
		}
		before := f.Status
		if err := f.Accept(h.p.Clock.Now()); err != nil {
			return err
		}
		if err := h.p.Council.PutForm(ctx, f); err != nil {
			return apperr.Internal(err)
		}
		return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.CouncilFormAccept, MemberID: f.MemberID,
			Subject: "council:" + f.ID, Summary: fmt.Sprintf("确认《%s》", f.Kind.Title()),
			Changes: []audit.Change{councilStatusChange(before, f.Status)}})
	})
}

func councilStatusChange(before, after council.Status) audit.Change {
	return audit.Change{Field: "status", Label: "状态", Before: before.Label(), After: after.Label()}
}
