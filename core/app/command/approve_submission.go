package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/submission"
)

// ApproveSubmission is an editor's approval of a submission: it publishes the
// title and body (pre-filled from the document) to 会员动态.
type ApproveSubmission struct {
	Principal access.Principal
	ID        string
	Title     string
	Body      string // Markdown
}

// ApproveSubmissionHandler approves submissions.
type ApproveSubmissionHandler struct{ d SubmissionDeps }

// NewApproveSubmissionHandler builds the handler.
func NewApproveSubmissionHandler(d SubmissionDeps) *ApproveSubmissionHandler {
	d.Loc = orUTC(d.Loc)
	return &ApproveSubmissionHandler{d: d}
}

// Handle publishes the article, marks the submission 已发布, records the
// member's SubmissionApproved (from the outbox: the notification and the
// email) and writes the audit entry, in one transaction; it returns the
// article's id. A reviewed submission is a Conflict (submission_reviewed).
func (h *ApproveSubmissionHandler) Handle(ctx context.Context, cmd ApproveSubmission) (string, error) {
	d, p := h.d, cmd.Principal
	if err := access.Authorize(d.Authz, p, access.ReviewSubmission, ""); err != nil {
		return "", err
	}
	now := d.Clock.Now()
	a := content.Article{ID: id.New(now), Column: content.MemberNews, Title: cmd.Title, Body: cmd.Body,
		Audience: content.Public, Status: content.Published, Date: dayOf(now, d.Loc), CreatedAt: now, UpdatedAt: now,
		UpdatedBy: p.ID, Version: 1}
	a.Normalize()
	err := a.Validate(nil, now)
	if a.Body == "" {
		var v apperr.Validation
		mergeValidation(&v, err)
		v.Add("body", "required", "请输入正文")
		err = v.Err()
	}
	if err != nil {
		return "", err
	}
	err = d.Tx.InTx(ctx, func(ctx context.Context) error {
		s, err := d.pending(ctx, cmd.ID)
		if err != nil {
			return err
		}
		if err := d.Articles.Add(ctx, a); err != nil {
			return apperr.Internal(err)
		}
		s.Status, s.ArticleID, s.ReviewedAt, s.ReviewedBy = submission.Approved, a.ID, now, p.ID
		if err := d.Submissions.SaveSubmission(ctx, s); err != nil {
			return err
		}
		err = d.Members.Update(ctx, s.MemberID, func(_ context.Context, m *member.Member) error {
			m.ApproveSubmission(s.ID, s.Title, a.ID, now)
			return nil
		})
		if err != nil {
			return err
		}
		return d.Audit.Record(ctx, p, audit.Entry{Action: audit.SubmissionApprove, MemberID: s.MemberID,
			Subject: "submission:" + s.ID, Summary: fmt.Sprintf("发布到会员动态：《%s》", a.Title)})
	})
	if err != nil {
		return "", err
	}
	return a.ID, nil
}

// pending loads a submission that still waits for its review.
func (d SubmissionDeps) pending(ctx context.Context, id string) (submission.Submission, error) {
	s, err := d.Submissions.GetSubmission(ctx, id)
	if err != nil {
		return s, err
	}
	if s.Status != submission.Pending {
		return s, submission.Reviewed()
	}
	return s, nil
}

// dayOf is the calendar day of t in loc, as midnight UTC.
func dayOf(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// foldSpace folds a reason's whitespace.
func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
