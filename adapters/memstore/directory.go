package memstore

import (
	"context"
	"time"

	"github.com/openassoc/membership/adapters/internal/memberindex"
	"github.com/openassoc/membership/ports"
)

// MemberDirectory searches the member registry; it implements
// ports.MemberDirectory with bunstore's results, filing every member on each
// call (memberindex, in the zone given to Store.Directory) — fine for the
// sizes tests and trials hold.
type MemberDirectory struct {
	s   *Store
	loc *time.Location
}

var _ ports.MemberDirectory = (*MemberDirectory)(nil)

// entries files every committed member.
func (x *MemberDirectory) entries(ctx context.Context) ([]memberindex.Entry, error) {
	var out []memberindex.Entry
	err := x.s.read(ctx, false, func(d *data) error {
		for id, row := range d.members.all() {
			out = append(out, memberindex.New(row.snap, d.openClaims.has(id), x.loc))
		}
		return nil
	})
	return out, err
}

// Search returns one page of matching members and how many match.
func (x *MemberDirectory) Search(ctx context.Context, q ports.MemberQuery) ([]ports.MemberRow, int, error) {
	all, err := x.entries(ctx)
	if err != nil {
		return nil, 0, err
	}
	match := memberindex.Compile(q.Filter)
	var hits []memberindex.Entry
	for i := range all {
		if match.Match(&all[i]) {
			hits = append(hits, all[i])
		}
	}
	memberindex.Sort(hits, q.Sort, q.Desc)
	out := []ports.MemberRow{}
	for i := q.Offset; i < len(hits) && len(out) < max(q.Limit, 1); i++ {
		if i >= 0 {
			out = append(out, hits[i].MemberRow)
		}
	}
	return out, len(hits), nil
}

// Facets returns the counts beside the filters' values.
func (x *MemberDirectory) Facets(ctx context.Context, f ports.MemberFilter) (ports.MemberFacets, error) {
	all, err := x.entries(ctx)
	if err != nil {
		return nil, err
	}
	return memberindex.Compile(f).Facets(all), nil
}
