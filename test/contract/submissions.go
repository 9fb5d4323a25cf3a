package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/ports"
)

// SubmissionFixture is a submission repository with the members it refers to.
type SubmissionFixture struct {
	Members     ports.MemberRepository
	Submissions ports.SubmissionRepository
}

// RunSubmissions runs the submission repository's contract: round trip, lists
// by member and status newest first with counts, one review only.
func RunSubmissions(t *testing.T, newFixture func(t *testing.T) SubmissionFixture) {
	run(t, "round trip, lists and counts", func(t *testing.T) { submissionsLists(t, newFixture(t)) })
	run(t, "a submission is reviewed once", func(t *testing.T) { submissionsReviewOnce(t, newFixture(t)) })
}

func testSubmission(id, memberID string, at time.Time) submission.Submission {
	return submission.Submission{ID: id, MemberID: memberID, MemberName: "投稿公司", Title: "投稿" + id,
		FileName: "投稿" + id + ".docx", FileKey: "submissions/" + id, Format: submission.DOCX, Size: 1234,
		Status: submission.Pending, SubmittedAt: at.UTC().Truncate(time.Microsecond)}
}

func submissionsLists(t *testing.T, f SubmissionFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "投稿甲公司", "sa@example.com", "26000011")
	b := approved(t, f.Members, member.Enterprise, "投稿乙公司", "sb@example.com", "26000012")
	for i, id := range []string{"s1", "s2", "s3"} {
		require.NoError(t, f.Submissions.AddSubmission(ctx, testSubmission(id, a.ID(), epoch().Add(time.Duration(i)*time.Hour))))
	}
	require.NoError(t, f.Submissions.AddSubmission(ctx, testSubmission("s4", b.ID(), epoch())))
	got, err := f.Submissions.GetSubmission(ctx, "s2")
	require.NoError(t, err)
	assert.Equal(t, testSubmission("s2", a.ID(), epoch().Add(time.Hour)), got)
	_, err = f.Submissions.GetSubmission(ctx, "nope")
	assert.Equal(t, apperr.KindNotFound, apperr.As(err).Kind)

	list, n, err := f.Submissions.ListSubmissions(ctx, ports.SubmissionFilter{MemberID: a.ID(), Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	require.Len(t, list, 2)
	assert.Equal(t, []string{"s3", "s2"}, []string{list[0].ID, list[1].ID}, "newest first")

	s := got
	s.Status, s.ArticleID, s.ReviewedAt, s.ReviewedBy = submission.Approved, "art1", epoch().Add(5*time.Hour).UTC().Truncate(time.Microsecond), "staff1"
	require.NoError(t, f.Submissions.SaveSubmission(ctx, s))
	list, n, err = f.Submissions.ListSubmissions(ctx, ports.SubmissionFilter{Status: submission.Pending, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.Len(t, list, 3)
	counts, err := f.Submissions.CountSubmissions(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[submission.Status]int{submission.Pending: 3, submission.Approved: 1}, counts)
	got, err = f.Submissions.GetSubmission(ctx, "s2")
	require.NoError(t, err)
	assert.Equal(t, s, got)
}

func submissionsReviewOnce(t *testing.T, f SubmissionFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "投稿丙公司", "sc@example.com", "26000013")
	s := testSubmission("r1", a.ID(), epoch())
	require.NoError(t, f.Submissions.AddSubmission(ctx, s))
	s.Status, s.Reason, s.ReviewedAt = submission.Rejected, "内容与质量工作无关", epoch().Add(time.Hour)
	require.NoError(t, f.Submissions.SaveSubmission(ctx, s))
	s.Status, s.Reason = submission.Approved, ""
	err := f.Submissions.SaveSubmission(ctx, s)
	assert.Equal(t, submission.ErrReviewed, apperr.As(err).Code)
	got, err := f.Submissions.GetSubmission(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, submission.Rejected, got.Status)
}
