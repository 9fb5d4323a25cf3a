package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/ports"
)

// SubmissionRepository stores 企业投稿; it implements
// ports.SubmissionRepository, every method joining the transaction in ctx.
type SubmissionRepository struct{ s *Store }

var _ ports.SubmissionRepository = (*SubmissionRepository)(nil)

// Submissions returns the submissions.
func (s *Store) Submissions() *SubmissionRepository { return &SubmissionRepository{s: s} }

// AddSubmission stores a new submission.
func (r *SubmissionRepository) AddSubmission(ctx context.Context, sub submission.Submission) error {
	sub.SubmittedAt, sub.ReviewedAt = storedTime(sub.SubmittedAt), storedTime(sub.ReviewedAt)
	return r.s.write(ctx, true, "SubmissionRepository.AddSubmission", func(d *data) error {
		if d.submissions.has(sub.ID) {
			return errConstraint("member_submissions: duplicate id %q", sub.ID)
		}
		if !d.members.has(sub.MemberID) {
			return errConstraint("member_submissions: no member %q", sub.MemberID)
		}
		d.submissions.put(sub.ID, sub)
		return nil
	})
}

// GetSubmission loads one submission.
func (r *SubmissionRepository) GetSubmission(ctx context.Context, id string) (submission.Submission, error) {
	var sub submission.Submission
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if sub, ok = d.submissions.get(id); !ok {
			return submission.NotFound()
		}
		return nil
	})
	return sub, err
}

// SaveSubmission stores a review of a still pending submission.
func (r *SubmissionRepository) SaveSubmission(ctx context.Context, sub submission.Submission) error {
	sub.ReviewedAt = storedTime(sub.ReviewedAt)
	return r.s.write(ctx, true, "SubmissionRepository.SaveSubmission", func(d *data) error {
		old, ok := d.submissions.get(sub.ID)
		if !ok || old.Status != submission.Pending {
			return submission.Reviewed()
		}
		old.Status, old.Reason, old.ArticleID, old.ReviewedAt, old.ReviewedBy = sub.Status, sub.Reason, sub.ArticleID,
			sub.ReviewedAt, sub.ReviewedBy
		d.submissions.put(sub.ID, old)
		return nil
	})
}

// ListSubmissions returns one page, newest first.
func (r *SubmissionRepository) ListSubmissions(ctx context.Context, f ports.SubmissionFilter) (
	[]submission.Submission, int, error) {
	var all []submission.Submission
	err := r.s.read(ctx, true, func(d *data) error {
		for _, s := range d.submissions.all() {
			if (f.MemberID == "" || s.MemberID == f.MemberID) && (f.Status == "" || s.Status == f.Status) {
				all = append(all, s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b submission.Submission) int {
		return cmp.Or(b.SubmittedAt.Compare(a.SubmittedAt), cmp.Compare(b.ID, a.ID))
	})
	n := len(all)
	lo := min(f.Offset, n)
	hi := min(lo+max(f.Limit, 1), n)
	return all[lo:hi], n, nil
}

// CountSubmissions counts by status.
func (r *SubmissionRepository) CountSubmissions(ctx context.Context) (map[submission.Status]int, error) {
	out := map[submission.Status]int{}
	err := r.s.read(ctx, true, func(d *data) error {
		for _, s := range d.submissions.all() {
			out[s.Status]++
		}
		return nil
	})
	return out, err
}
