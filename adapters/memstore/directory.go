package memstore

import (
	"context"
	"time"

	"github.com/openassoc/membership/internal/memberindex"
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
func (x *MemberDirectory) entries(ctx context.Context) ([]*memberindex.Entry, error) {
	var out []*memberindex.Entry
	err := x.s.read(ctx, false, func(d *data) error {
		for id, row := range d.members.all() {
			e := memberindex.New(row.snap, d.openClaims.has(id), x.loc)
			out = append(out, &e)
		}
		return nil
	})
	return out, err
}

// Search returns one page of matching members, how many match and, when
// asked, the counts beside the filters' values.
func (x *MemberDirectory) Search(ctx context.Context, q ports.MemberQuery) (ports.MemberPage, error) {
	all, err := x.entries(ctx)
	if err != nil {
		return ports.MemberPage{}, err
	}
	match := memberindex.Compile(q.Filter)
	var hits []*memberindex.Entry
	for _, e := range all {
		if match.Match(e) {
			hits = append(hits, e)
		}
	}
	memberindex.Sort(hits, q.Sort, q.Desc)
	out := ports.MemberPage{Rows: []ports.MemberRow{}, Total: len(hits)}
	from := max(q.Offset, 0)
	if q.After != "" { // keyset paging: after the member named (none when it is gone)
		from = len(hits)
		for i, e := range hits {
			if e.ID == q.After {
				from = i + 1
				break
			}
		}
	}
	for i := from; i < len(hits) && len(out.Rows) < max(q.Limit, 1); i++ {
		out.Rows = append(out.Rows, hits[i].MemberRow)
	}
	if q.Facets {
		out.Facets = match.Facets(all)
	}
	return out, nil
}
