package bunstore

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApplicationIndex lists and counts applications for the review queue; it
// implements ports.ApplicationIndex.
type ApplicationIndex struct{ db *DB }

var _ ports.ApplicationIndex = (*ApplicationIndex)(nil)

// NewApplicationIndex returns the review queue's read side.
func NewApplicationIndex(db *DB) *ApplicationIndex { return &ApplicationIndex{db: db} }

// ListApplications returns one page of members whose application matches f.
func (x *ApplicationIndex) ListApplications(ctx context.Context, f ports.ApplicationFilter) ([]*member.Member, int, error) {
	var rows []*memberRow
	q := x.db.bun.NewSelect().Model(&rows).
		Join("JOIN applications AS a ON a.member_id = member_row.id")
	switch f.Status {
	case member.StatusSubmitted:
		q = q.Where("member_row.status = ?", string(member.StatusSubmitted)).OrderExpr("a.submitted_at ASC, member_row.id ASC")
	case member.StatusRejected:
		q = q.Where("member_row.status = ?", string(member.StatusRejected)).OrderExpr("a.rejected_at DESC, member_row.id ASC")
	case member.StatusApproved:
		q = q.Where("a.approved_at IS NOT NULL").OrderExpr("a.approved_at DESC, member_row.id ASC")
	default:
		return nil, 0, fmt.Errorf("bunstore: list applications: unsupported status %q", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("member_row.kind = ?", string(f.Kind))
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list applications: %w", err)
	}
	ms, err := loadMembers(ctx, x.db.bun, rows)
	if err != nil {
		return nil, 0, err
	}
	return ms, total, nil
}

// CountApplications counts the applications waiting, returned and approved.
func (x *ApplicationIndex) CountApplications(ctx context.Context) (ports.ApplicationCounts, error) {
	var c struct {
		Submitted int `bun:"submitted"`
		Rejected  int `bun:"rejected"`
		Approved  int `bun:"approved"`
	}
	err := x.db.bun.NewSelect().TableExpr("applications AS a").
		Join("JOIN members AS m ON m.id = a.member_id").
		ColumnExpr("COALESCE(SUM(CASE WHEN m.status = ? THEN 1 ELSE 0 END), 0) AS submitted", string(member.StatusSubmitted)).
		ColumnExpr("COALESCE(SUM(CASE WHEN m.status = ? THEN 1 ELSE 0 END), 0) AS rejected", string(member.StatusRejected)).
		ColumnExpr("COALESCE(SUM(CASE WHEN a.approved_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS approved").
		Scan(ctx, &c)
	if err != nil {
		return ports.ApplicationCounts{}, fmt.Errorf("bunstore: count applications: %w", err)
	}
	return ports.ApplicationCounts{Submitted: c.Submitted, Rejected: c.Rejected, Approved: c.Approved}, nil
}
