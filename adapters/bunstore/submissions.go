package bunstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/ports"
)

// submissionRow is one 企业投稿 (member_submissions, migration 0028).
type submissionRow struct {
	bun.BaseModel `bun:"table:member_submissions"`

	ID          string    `bun:"id,pk"`
	MemberID    string    `bun:"member_id"`
	MemberName  string    `bun:"member_name"`
	Title       string    `bun:"title"`
	FileName    string    `bun:"file_name"`
	FileKey     string    `bun:"file_key"`
	Format      string    `bun:"format"`
	Size        int64     `bun:"size"`
	Status      string    `bun:"status"`
	Reason      string    `bun:"reason"`
	ArticleID   string    `bun:"article_id"`
	SubmittedAt time.Time `bun:"submitted_at"`
	ReviewedAt  time.Time `bun:"reviewed_at,nullzero"`
	ReviewedBy  string    `bun:"reviewed_by"`
}

func newSubmissionRow(s submission.Submission) submissionRow {
	r := submissionRow{ID: s.ID, MemberID: s.MemberID, MemberName: s.MemberName, Title: s.Title, FileName: s.FileName,
		FileKey: s.FileKey, Format: string(s.Format), Size: s.Size, Status: string(s.Status), Reason: s.Reason,
		ArticleID: s.ArticleID, SubmittedAt: storedTime(s.SubmittedAt), ReviewedBy: s.ReviewedBy}
	if !s.ReviewedAt.IsZero() {
		r.ReviewedAt = storedTime(s.ReviewedAt)
	}
	return r
}

func (r submissionRow) submission() submission.Submission {
	s := submission.Submission{ID: r.ID, MemberID: r.MemberID, MemberName: r.MemberName, Title: r.Title,
		FileName: r.FileName, FileKey: r.FileKey, Format: submission.Format(r.Format), Size: r.Size,
		Status: submission.Status(r.Status), Reason: r.Reason, ArticleID: r.ArticleID,
		SubmittedAt: loadedTime(r.SubmittedAt), ReviewedBy: r.ReviewedBy}
	if !r.ReviewedAt.IsZero() {
		s.ReviewedAt = loadedTime(r.ReviewedAt)
	}
	return s
}

// Submissions stores 企业投稿; it implements ports.SubmissionRepository.
type Submissions struct{ db *DB }

var _ ports.SubmissionRepository = (*Submissions)(nil)

// NewSubmissions returns the submission repository of db.
func NewSubmissions(db *DB) *Submissions { return &Submissions{db: db} }

// AddSubmission stores a new submission.
func (x *Submissions) AddSubmission(ctx context.Context, s submission.Submission) error {
	row := newSubmissionRow(s)
	if _, err := x.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: add submission: %w", err)
	}
	return nil
}

// GetSubmission loads one submission.
func (x *Submissions) GetSubmission(ctx context.Context, id string) (submission.Submission, error) {
	var row submissionRow
	if err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return submission.Submission{}, notFound(err, submission.ErrNotFound, "投稿记录不存在")
	}
	return row.submission(), nil
}

// SaveSubmission stores a review of a still pending submission.
func (x *Submissions) SaveSubmission(ctx context.Context, s submission.Submission) error {
	row := newSubmissionRow(s)
	res, err := x.db.conn(ctx).NewUpdate().Model(&row).WherePK().Where("status = ?", string(submission.Pending)).
		Column("status", "reason", "article_id", "reviewed_at", "reviewed_by").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save submission: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return submission.Reviewed()
	}
	return nil
}

// ListSubmissions returns one page, newest first.
func (x *Submissions) ListSubmissions(ctx context.Context, f ports.SubmissionFilter) ([]submission.Submission, int,
	error) {
	if f.MemberID != "" && f.Status == "" && f.Offset == 0 {
		return x.memberSubmissions(ctx, f.MemberID, max(f.Limit, 1))
	}
	var rows []submissionRow
	q := x.db.conn(ctx).NewSelect().Model(&rows)
	if f.MemberID != "" {
		q = q.Where("member_id = ?", f.MemberID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	n, err := q.OrderExpr("submitted_at DESC, id DESC").Limit(max(f.Limit, 1)).Offset(f.Offset).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list submissions: %w", err)
	}
	out := make([]submission.Submission, len(rows))
	for i, r := range rows {
		out[i] = r.submission()
	}
	return out, n, nil
}

// memberSubmissions is the first page of a member's submissions, newest
// first, and how many it has: prepared statements (the member detail in
// 会员管理 asks them on every view).
func (x *Submissions) memberSubmissions(ctx context.Context, memberID string, limit int) ([]submission.Submission,
	int, error) {
	// The limit is written into the statement (as in Recent): SQLite prepares
	// a statement again at each run whose LIMIT is bound.
	q := x.db.bun.NewSelect().Model((*submissionRow)(nil)).Where("member_id = ?", bun.Safe("?")).
		OrderExpr("submitted_at DESC, id DESC").Limit(limit)
	sqlRows, err := x.db.query(ctx, "submissions_of_member_"+strconv.Itoa(limit), q.String, memberID)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list submissions: %w", err)
	}
	var rows []submissionRow
	if err := x.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list submissions: %w", err)
	}
	n := len(rows)
	if n == limit {
		counted, err := x.db.query(ctx, "submissions_of_member_count", func() string {
			return "SELECT count(*) FROM member_submissions WHERE member_id = ?"
		}, memberID)
		if err != nil {
			return nil, 0, fmt.Errorf("bunstore: count submissions: %w", err)
		}
		if err := x.db.scanOne(ctx, counted, []any{&n}); err != nil {
			return nil, 0, fmt.Errorf("bunstore: count submissions: %w", err)
		}
	}
	out := make([]submission.Submission, len(rows))
	for i, r := range rows {
		out[i] = r.submission()
	}
	return out, n, nil
}

// CountSubmissions counts by status with one aggregate (a prepared statement:
// the back office's menu asks it on every page).
func (x *Submissions) CountSubmissions(ctx context.Context) (map[submission.Status]int, error) {
	rows, err := x.db.query(ctx, "submissions_by_status", func() string {
		return "SELECT status, COUNT(*) AS n FROM member_submissions GROUP BY status"
	})
	if err != nil {
		return nil, fmt.Errorf("bunstore: count submissions: %w", err)
	}
	counts, err := statusCounts(rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: count submissions: %w", err)
	}
	out := map[submission.Status]int{}
	for s, n := range counts {
		out[submission.Status(s)] = n
	}
	return out, nil
}
