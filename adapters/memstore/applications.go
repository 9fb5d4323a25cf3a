package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApplicationIndex lists and counts applications for the review queue; it
// implements ports.ApplicationIndex. It reads the committed state.
type ApplicationIndex struct{ s *Store }

var _ ports.ApplicationIndex = (*ApplicationIndex)(nil)

// ListApplications returns one page of members whose application matches f, in
// the order of the review queue's tab: submitted oldest submission first,
// rejected and approved latest first (then by id).
func (x *ApplicationIndex) ListApplications(ctx context.Context, f ports.ApplicationFilter) ([]*member.Member, int, error) {
	var (
		match func(member.Snapshot) bool
		order func(a, b member.Snapshot) int
	)
	switch f.Status {
	case member.StatusSubmitted:
		match = func(s member.Snapshot) bool { return s.Status == member.StatusSubmitted }
		order = func(a, b member.Snapshot) int {
			return cmp.Or(a.Application.SubmittedAt.Compare(b.Application.SubmittedAt), strings.Compare(a.ID, b.ID))
		}
	case member.StatusRejected:
		match = func(s member.Snapshot) bool { return s.Status == member.StatusRejected }
		order = func(a, b member.Snapshot) int {
			return cmp.Or(compareDesc(a.Application.RejectedAt, b.Application.RejectedAt), strings.Compare(a.ID, b.ID))
		}
	case member.StatusApproved:
		match = func(s member.Snapshot) bool { return !s.Application.ApprovedAt.IsZero() }
		order = func(a, b member.Snapshot) int {
			return cmp.Or(compareDesc(a.Application.ApprovedAt, b.Application.ApprovedAt), strings.Compare(a.ID, b.ID))
		}
	default:
		return nil, 0, fmt.Errorf("memstore: list applications: unsupported status %q", f.Status)
	}
	var (
		out   []*member.Member
		total int
	)
	err := x.s.read(ctx, false, func(d *data) error {
		var found []member.Snapshot
		for _, row := range d.members.all() {
			if row.hasApp && match(row.snap) && (f.Kind == "" || row.snap.Kind == f.Kind) {
				found = append(found, row.snap)
			}
		}
		slices.SortFunc(found, order)
		total = len(found)
		found = page(found, f.Limit, f.Offset)
		out = make([]*member.Member, len(found))
		for i, s := range found {
			out[i] = member.Restore(s)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// CountApplications counts the applications waiting, returned and approved.
func (x *ApplicationIndex) CountApplications(ctx context.Context) (ports.ApplicationCounts, error) {
	var c ports.ApplicationCounts
	err := x.s.read(ctx, false, func(d *data) error {
		for _, row := range d.members.all() {
			if !row.hasApp {
				continue
			}
			switch row.snap.Status {
			case member.StatusSubmitted:
				c.Submitted++
			case member.StatusRejected:
				c.Rejected++
			}
			if !row.snap.Application.ApprovedAt.IsZero() {
				c.Approved++
			}
		}
		return nil
	})
	return c, err
}

// compareDesc orders times latest first; a zero time (NULL) sorts last, as
// SQLite sorts NULLs in descending order.
func compareDesc(a, b time.Time) int { return b.Compare(a) }
