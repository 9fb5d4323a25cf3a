package bunstore

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
	"github.com/openassoc/membership/ports"
)

// searchMatches answers a query with a search box: the members matching the
// search alone are read once (id, sort key and facet key) and filtered,
// counted and sorted in memory, with the rules memstore uses
// (memberindex), then the page's rows are read.
func (x *MemberDirectory) searchMatches(ctx context.Context, q ports.MemberQuery) (ports.MemberPage, error) {
	col := sortColumn(q.Sort)
	rows, err := x.search(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s").
		Column("s.member_id", "s.facet_key").ColumnExpr("s."+col), memberindex.QueryTerms(q.Filter.Search)).Rows(ctx)
	if err != nil {
		return ports.MemberPage{}, fmt.Errorf("bunstore: search members: %w", err)
	}
	defer func() { _ = rows.Close() }()
	entries := make([]*memberindex.Entry, 0, 256)
	for rows.Next() {
		var id, key, sortKey string
		if err := rows.Scan(&id, &key, &sortKey); err != nil {
			return ports.MemberPage{}, fmt.Errorf("bunstore: search members: %w", err)
		}
		e, err := entryOf(id, key)
		if err != nil {
			return ports.MemberPage{}, err
		}
		e.NumberKey, e.NameKey, e.JoinedKey, e.ValidityKey = sortKey, sortKey, sortKey, sortKey
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return ports.MemberPage{}, fmt.Errorf("bunstore: search members: %w", err)
	}
	f := q.Filter
	f.Search = "" // found by the full-text index
	match := memberindex.Compile(f)
	var hits []*memberindex.Entry
	for _, e := range entries {
		if match.Match(e) {
			hits = append(hits, e)
		}
	}
	memberindex.Sort(hits, q.Sort, q.Desc)
	out := ports.MemberPage{Total: len(hits)}
	var ids []string
	for i := max(q.Offset, 0); i < len(hits) && len(ids) < max(q.Limit, 1); i++ {
		ids = append(ids, hits[i].ID)
	}
	if out.Rows, err = x.rowsByID(ctx, ids); err != nil {
		return ports.MemberPage{}, err
	}
	if q.Facets {
		out.Facets = match.Facets(entries)
	}
	return out, nil
}

// entryOf is the entry of a member as far as a facet key tells.
func entryOf(id, key string) (memberindex.Entry, error) {
	v, until, err := parseFacetKey(key)
	if err != nil {
		return memberindex.Entry{}, err
	}
	return memberindex.Entry{MemberRow: ports.MemberRow{ID: id, Kind: member.Kind(v[0]), Level: member.Level(v[1]),
		Status: member.Status(v[2]), FeeState: payment.State(v[3]), Province: v[4], Industry: v[5],
		ValidUntil: until.t}, JoinedYear: v[6]}, nil
}
