package command

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/submission"
)

// RejectSubmission is an editor's refusal of a submission, with its reason.
type RejectSubmission struct {
	Principal access.Principal
	ID        string
	Reason    string
}

// RejectSubmissionHandler rejects submissions.
type RejectSubmissionHandler struct{ d SubmissionDeps }

// NewRejectSubmissionHandler builds the handler.
func NewRejectSubmissionHandler(d SubmissionDeps) *RejectSubmissionHandler {
	return &RejectSubmissionHandler{d: d}
}

// Handle marks the submission 未通过 with the reason (required, at most 500
// characters), records the member's SubmissionRejected (from the outbox: the
// notification and the email) and writes the audit entry, in one transaction.
func (h *RejectSubmissionHandler) Handle(ctx context.Context, cmd RejectSubmission) error {
	d, p := h.d, cmd.Principal
	if err := access.Authorize(d.Authz, p, access.ReviewSubmission, ""); err != nil {
		return err
	}
	reason := foldSpace(cmd.Reason)
	var v apperr.Validation
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("reason", "required", "请填写退回原因")
	case n > 500:
		v.Add("reason", "too_long", "退回原因不能超过500个字")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return d.Tx.InTx(ctx, func(ctx context.Context) error {
		s, err := d.pending(ctx, cmd.ID)
		if err != nil {
			return err
		}
		now := d.Clock.Now()
		s.Status, s.Reason, s.ReviewedAt, s.ReviewedBy = submission.Rejected, reason, now, p.ID
		if err := d.Submissions.SaveSubmission(ctx, s); err != nil {
			return err
		}
		err = d.Members.Update(ctx, s.MemberID, func(_ context.Context, m *member.Member) error {
			m.RejectSubmission(s.ID, s.Title, reason, now)
			return nil
		})
		if err != nil {
			return err
		}
		return d.Audit.Record(ctx, p, audit.Entry{Action: audit.SubmissionReject, MemberID: s.MemberID,
			Subject: "submission:" + s.ID, Summary: fmt.Sprintf("退回投稿《%s》", s.Title), Reason: reason})
	})
}
