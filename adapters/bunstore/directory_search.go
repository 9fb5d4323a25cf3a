package bunstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
	"github.com/openassoc/membership/ports"
)

// searchMatches answers a query with a search box: the members matching the
// search alone are read once (id, sort key and facet key) and filtered,
// counted and sorted in memory, with the rules memstore uses
// (memberindex), then the page's rows are read. The matches in order, their
// total and counts are kept while the registry's version stays.
func (x *MemberDirectory) searchMatches(ctx context.Context, q ports.MemberQuery, version int64) (ports.MemberPage, error) {
	key := "search\x00" + filterKey(q.Filter) + "\x00" + string(q.Sort) + strconv.FormatBool(q.Desc)
	a, ok := x.cache.get(version, key)
	if !ok {
		var err error
		if a, err = x.matches(ctx, q); err != nil {
			return ports.MemberPage{}, err
		}
		if len(a.ids) <= cacheMatches {
			x.cache.put(version, key, a)
		}
	}
	out := ports.MemberPage{Total: a.total}
	if q.Facets {
		out.Facets = a.facets
	}
	from := min(max(q.Offset, 0), len(a.ids))
	if q.After != "" { // keyset paging: after the member named (none when it no longer matches)
		from = len(a.ids)
		if i := slices.Index(a.ids, q.After); i >= 0 {
			from = i + 1
		}
	}
	var err error
	if out.Rows, err = x.rowsByID(ctx, walkVersion(q, version), a.ids[from:min(from+max(q.Limit, 1), len(a.ids))]); err != nil {
		return ports.MemberPage{}, err
	}
	return out, nil
}

// matches finds every member matching a query with a search box, in order,
// with the counts beside the filters.
func (x *MemberDirectory) matches(ctx context.Context, q ports.MemberQuery) (*cachedAnswer, error) {
	col := sortColumn(q.Sort)
	rows, err := x.search(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s").
		Column("s.member_id", "s.facet_key").ColumnExpr("s."+col), memberindex.QueryTerms(q.Filter.Search)).Rows(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: search members: %w", err)
	}
	defer func() { _ = rows.Close() }()
	entries := make([]*memberindex.Entry, 0, 256)
	for rows.Next() {
		var id, key, sortKey string
		if err := rows.Scan(&id, &key, &sortKey); err != nil {
			return nil, fmt.Errorf("bunstore: search members: %w", err)
		}
		e, err := entryOf(id, key)
		if err != nil {
			return nil, err
		}
		e.NumberKey, e.NameKey, e.JoinedKey, e.ValidityKey = sortKey, sortKey, sortKey, sortKey
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bunstore: search members: %w", err)
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
	a := &cachedAnswer{total: len(hits), ids: make([]string, len(hits)), facets: match.Facets(entries)}
	for i, h := range hits {
		a.ids[i] = h.ID
	}
	return a, nil
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
