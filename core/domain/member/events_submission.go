package member

import (
	"time"

	"github.com/openassoc/membership/core/domain/event"
)

// The decisions on an enterprise's 企业投稿 (issue 13, item 3): the submission
// lives in its own store; the member carries the event, so that the member is
// told (in the portal and by email) from the outbox, in the review's
// transaction.

// SubmissionApproved means an editor approved the member's submission and
// published it as ArticleID in the public 会员动态 column.
type SubmissionApproved struct {
	Base
	SubmissionID string `json:"submission_id"`
	Title        string `json:"title"` // the submission's own title
	ArticleID    string `json:"article_id"`
}

// EventName implements event.Event.
func (SubmissionApproved) EventName() string { return "member.submission_approved" }

// SubmissionRejected means an editor rejected the member's submission with a
// reason.
type SubmissionRejected struct {
	Base
	SubmissionID string `json:"submission_id"`
	Title        string `json:"title"`
	Reason       string `json:"reason"`
}

// EventName implements event.Event.
func (SubmissionRejected) EventName() string { return "member.submission_rejected" }

// ApproveSubmission records that submission id, titled title, was published as
// article articleID. The member's own state does not change.
func (m *Member) ApproveSubmission(id, title, articleID string, now time.Time) {
	m.Record(SubmissionApproved{Base: m.base(now), SubmissionID: id, Title: title, ArticleID: articleID})
}

// RejectSubmission records that submission id, titled title, was rejected
// with reason. The member's own state does not change.
func (m *Member) RejectSubmission(id, title, reason string, now time.Time) {
	m.Record(SubmissionRejected{Base: m.base(now), SubmissionID: id, Title: title, Reason: reason})
}

// registerSubmissionEvents adds the events of 企业投稿 to the registry.
func registerSubmissionEvents(r event.Registry) {
	r.Register(
		func() event.Event { return &SubmissionApproved{} },
		func() event.Event { return &SubmissionRejected{} },
	)
}
