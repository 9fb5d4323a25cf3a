package ports

import (
	"context"

	"github.com/openassoc/membership/core/domain/submission"
)

// SubmissionFilter selects submissions (企业投稿): a member's, or the review
// queue's of a status; newest first.
type SubmissionFilter struct {
	MemberID string            // empty: every member's
	Status   submission.Status // empty: every status
	Limit    int
	Offset   int
}

// SubmissionRepository stores enterprise members' submissions; lists are
// answered from indexes on (member_id, submitted_at) and (status,
// submitted_at). Every method joins the transaction in ctx.
type SubmissionRepository interface {
	// AddSubmission stores a new submission.
	AddSubmission(ctx context.Context, s submission.Submission) error
	// GetSubmission loads one; a missing one is an apperr NotFound
	// (submission.ErrNotFound).
	GetSubmission(ctx context.Context, id string) (submission.Submission, error)
	// SaveSubmission stores a reviewed submission, only while the stored one
	// is still pending: otherwise an apperr Conflict (submission_reviewed).
	SaveSubmission(ctx context.Context, s submission.Submission) error
	// ListSubmissions returns one page of the matching submissions and how
	// many match.
	ListSubmissions(ctx context.Context, f SubmissionFilter) ([]submission.Submission, int, error)
	// CountSubmissions counts the submissions by status (the queue's tabs).
	CountSubmissions(ctx context.Context) (map[submission.Status]int, error)
}
