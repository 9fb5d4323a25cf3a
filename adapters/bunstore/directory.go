package bunstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
	"github.com/openassoc/membership/ports"
)

// MemberDirectory searches the member registry (member_search, its full-text
// index and its counts); it implements ports.MemberDirectory.
type MemberDirectory struct {
	db    *DB
	cache directoryCache
}

var _ ports.MemberDirectory = (*MemberDirectory)(nil)

// NewMemberDirectory returns the registry's read side.
func NewMemberDirectory(db *DB) *MemberDirectory { return &MemberDirectory{db: db} }

// listColumns are the columns a page of the list reads.
var listColumns = []string{"s.member_id", "s.number", "s.name", "s.kind", "s.level", "s.status", "s.fee_state",
	"s.province", "s.industry", "s.email", "s.uscc", "s.contact_name", "s.contact_phone", "s.joined_on",
	"s.valid_until", "s.created_at"}

// Search returns one page of matching members, how many match and, when
// asked, the counts beside the filters' values. A search box's matches are
// found once and filtered, counted and sorted in memory (searchMatches); a
// list without one is read from the indexes: the total from the counts or an
// index range, the page's ids in order from an index, the counts from
// member_facet_counts or the filters' indexes (Facets). Totals, counts and a
// search's matches are kept while the registry's version stays
// (directory_cache.go).
func (x *MemberDirectory) Search(ctx context.Context, q ports.MemberQuery) (ports.MemberPage, error) {
	if q.After != "" && !x.db.postgres && !scoped(ctx) { // an export's walk: without the memory map (unmapped.go)
		var out ports.MemberPage
		err := x.db.unmappedRead(ctx, func(ctx context.Context, _ bun.IDB) error {
			var err error
			out, err = x.Search(ctx, q)
			return err
		})
		return out, err
	}
	version, err := x.registryVersion(ctx)
	if err != nil {
		return ports.MemberPage{}, err
	}
	if len(memberindex.QueryTerms(q.Filter.Search)) > 0 {
		return x.searchMatches(ctx, q, version)
	}
	a, err := x.listAnswer(ctx, q, version)
	if err != nil {
		return ports.MemberPage{}, err
	}
	out := ports.MemberPage{Rows: []ports.MemberRow{}, Total: a.total}
	if q.Facets {
		out.Facets = a.facets
	}
	if a.total > q.Offset || q.After != "" {
		ids, err := x.pageIDs(ctx, q, walkVersion(q, version))
		if err != nil {
			return ports.MemberPage{}, err
		}
		if out.Rows, err = x.rowsByID(ctx, walkVersion(q, version), ids); err != nil {
			return ports.MemberPage{}, err
		}
	}
	return out, nil
}

// walkVersion is the version a page's ids and rows are kept under: none
// for a keyset walk (an export reads each page once; keeping them would only
// push the list's pages and rows out of the cache).
func walkVersion(q ports.MemberQuery, version int64) int64 {
	if q.After != "" {
		return uncached
	}
	return version
}

// pageIDs are the ids of a page of a list without a search box, in order:
// kept ones of the registry's version, or read from an index and kept.
func (x *MemberDirectory) pageIDs(ctx context.Context, q ports.MemberQuery, version int64) ([]string, error) {
	key := fmt.Sprintf("page\x00%s\x00%s\x00%t\x00%d\x00%d\x00%s", filterKey(q.Filter), q.Sort, q.Desc, q.Offset,
		q.Limit, q.After)
	if a, ok := x.cache.get(version, key); ok {
		return a.ids, nil
	}
	var ids []string
	dir := " ASC"
	if q.Desc {
		dir = " DESC"
	}
	sel := x.where(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s").Column("s.member_id"), q.Filter, "").
		OrderExpr("s." + sortColumn(q.Sort) + dir + ", s.member_id" + dir).Limit(max(q.Limit, 1))
	if q.After == "" {
		sel = sel.Offset(q.Offset)
	} else { // keyset paging: the rows after the named member's key, through the sort's index
		cmp, col := ">", sortColumn(q.Sort)
		if q.Desc {
			cmp = "<"
		}
		sel = sel.Where("(s."+col+", s.member_id) "+cmp+" (SELECT k."+col+", k.member_id FROM member_search AS k "+
			"WHERE k.member_id = ?)", q.After)
	}
	if err := sel.Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("bunstore: search members: %w", err)
	}
	x.cache.put(version, key, &cachedAnswer{ids: ids})
	return ids, nil
}

// listAnswer is the total of a list without a search box and, when asked,
// its counts: kept ones of the registry's version, or counted and kept.
func (x *MemberDirectory) listAnswer(ctx context.Context, q ports.MemberQuery, version int64) (*cachedAnswer, error) {
	key := "list\x00" + filterKey(q.Filter)
	if a, ok := x.cache.get(version, key); ok && (a.facets != nil || !q.Facets) {
		return a, nil
	}
	total, err := x.count(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	a := &cachedAnswer{total: total}
	if q.Facets {
		if a.facets, err = x.facets(ctx, q.Filter); err != nil {
			return nil, err
		}
	}
	x.cache.put(version, key, a)
	return a, nil
}

// rowsByID reads the rows of the members with the ids, in their order: those
// kept at version, the others from member_search (then kept).
func (x *MemberDirectory) rowsByID(ctx context.Context, version int64, ids []string) ([]ports.MemberRow, error) {
	kept, missing := x.cache.getRows(version, ids)
	if len(missing) == 0 && kept != nil {
		return kept, nil
	}
	read, err := x.readRows(ctx, missing)
	if err != nil {
		return nil, err
	}
	x.cache.putRows(version, read)
	if len(kept) == 0 {
		return read, nil
	}
	byID := make(map[string]ports.MemberRow, len(ids))
	for _, r := range append(kept, read...) {
		byID[r.ID] = r
	}
	out := make([]ports.MemberRow, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// readRows reads the rows of the members with the ids, in their order.
func (x *MemberDirectory) readRows(ctx context.Context, ids []string) ([]ports.MemberRow, error) {
	out := make([]ports.MemberRow, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows := make([]searchRow, 0, len(ids))
	if err := x.db.conn(ctx).NewSelect().Model(&rows).Column(listColumns...).
		Where("s.member_id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: search members: %w", err)
	}
	byID := make(map[string]*searchRow, len(rows))
	for i := range rows {
		byID[rows[i].MemberID] = &rows[i]
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r.memberRow())
		}
	}
	return out, nil
}

// memberRow is the list's row of a stored entry.
func (r *searchRow) memberRow() ports.MemberRow {
	return ports.MemberRow{ID: r.MemberID, Number: r.Number, Name: r.Name, Kind: member.Kind(r.Kind),
		Level: member.Level(r.Level), Status: member.Status(r.Status), FeeState: payment.State(r.FeeState),
		Province: r.Province, Industry: r.Industry, Email: r.Email, USCC: r.USCC, ContactName: r.ContactName,
		ContactPhone: r.ContactPhone, JoinedOn: r.JoinedOn.t, ValidUntil: r.ValidUntil.t,
		CreatedAt: loadedTime(r.CreatedAt)}
}

// sortColumn is the column of an order.
func sortColumn(s ports.MemberSort) string {
	switch s {
	case ports.SortName:
		return "name_key"
	case ports.SortJoined:
		return "joined_key"
	case ports.SortValidity:
		return "validity_key"
	}
	return "number_key"
}

// count is how many members match f: from the counts when f is at most one
// counted facet's value, else counted in SQL.
func (x *MemberDirectory) count(ctx context.Context, f ports.MemberFilter) (int, error) {
	set := activeFilters(f)
	if len(set) <= 1 && !set.has(filterSearch) && !set.has(ports.FacetExpiring) {
		q := x.db.conn(ctx).NewSelect().TableExpr("member_facet_counts").ColumnExpr("COALESCE(SUM(n), 0)").
			Where("by_facet = ''").Where("by_value = ''")
		if len(set) == 0 {
			q = q.Where("facet = ?", ports.FacetKind)
		} else {
			q = q.Where("facet = ?", set[0].facet).Where("value = ?", set[0].value)
		}
		var n int
		if err := q.Scan(ctx, &n); err != nil {
			return 0, fmt.Errorf("bunstore: count members: %w", err)
		}
		return n, nil
	}
	n, err := x.where(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s"), f, "").Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("bunstore: count members: %w", err)
	}
	return n, nil
}

// filterSearch names the search box among the active filters.
const filterSearch = "search"

// activeFilter is one filter f sets: a counted facet and its stored value,
// the validity (FacetExpiring) or the search box.
type activeFilter struct{ facet, value string }

type filterSet []activeFilter

func (s filterSet) has(facet string) bool {
	for _, a := range s {
		if a.facet == facet {
			return true
		}
	}
	return false
}

// without returns the set without the filter of facet.
func (s filterSet) without(facet string) filterSet {
	out := make(filterSet, 0, len(s))
	for _, a := range s {
		if a.facet != facet {
			out = append(out, a)
		}
	}
	return out
}

// activeFilters lists the filters f sets.
func activeFilters(f ports.MemberFilter) filterSet {
	var out filterSet
	for _, c := range []activeFilter{{ports.FacetKind, string(f.Kind)}, {ports.FacetLevel, string(f.Level)},
		{ports.FacetStatus, string(f.Status)}, {ports.FacetFeeState, string(f.FeeState)},
		{ports.FacetProvince, f.Province}, {ports.FacetIndustry, f.Industry}, {ports.FacetJoined, f.JoinedYear}} {
		switch c.value {
		case "":
		case ports.FilterNone:
			out = append(out, activeFilter{c.facet, ""})
		default:
			out = append(out, c)
		}
	}
	if !f.ExpiresBefore.IsZero() || !f.ExpiresAfter.IsZero() || f.ExpiringWithin > 0 {
		out = append(out, activeFilter{facet: ports.FacetExpiring})
	}
	if len(memberindex.QueryTerms(f.Search)) > 0 {
		out = append(out, activeFilter{facet: filterSearch})
	}
	return out
}

// where adds f's conditions to q (whose member_search is aliased s), leaving
// out the filter of the facet omit.
func (x *MemberDirectory) where(q *bun.SelectQuery, f ports.MemberFilter, omit string) *bun.SelectQuery {
	for _, a := range activeFilters(f) {
		if a.facet == omit {
			continue
		}
		switch a.facet {
		case filterSearch:
			q = x.search(q, memberindex.QueryTerms(f.Search))
		case ports.FacetExpiring:
			q = validity(q, f)
		default:
			q = q.Where("s.? = ?", bun.Ident(facetColumn(a.facet)), a.value)
		}
	}
	return q
}

// validity adds the conditions on the last day of validity.
func validity(q *bun.SelectQuery, f ports.MemberFilter) *bun.SelectQuery {
	q = q.Where("s.valid_until IS NOT NULL")
	if !f.ExpiresBefore.IsZero() {
		q = q.Where("s.valid_until <= ?", newDateCol(f.ExpiresBefore))
	}
	if !f.ExpiresAfter.IsZero() {
		q = q.Where("s.valid_until >= ?", newDateCol(f.ExpiresAfter))
	}
	if f.ExpiringWithin > 0 {
		q = q.Where("s.valid_until BETWEEN ? AND ?", newDateCol(f.Today),
			newDateCol(f.Today.AddDate(0, 0, f.ExpiringWithin)))
	}
	return q
}

// search adds the search box's terms: a full-text query of bigram phrases
// (memberindex.TermQuery) — FTS5 on SQLite, a tsquery on PostgreSQL.
func (x *MemberDirectory) search(q *bun.SelectQuery, terms []string) *bun.SelectQuery {
	if x.db.postgres {
		return q.Where("s.tokens @@ ?::tsquery", tsQuery(terms))
	}
	return q.Join("JOIN member_search_fts AS fts ON fts.rowid = s.seq").
		Where("member_search_fts MATCH ?", ftsQuery(terms))
}

// ftsQuery is the FTS5 query of the terms: each a phrase of its tokens (a
// one-character term a prefix), all of them required.
func ftsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		tokens, prefix := memberindex.TermQuery(t)
		if prefix {
			parts[i] = tokens[0] + "*"
		} else {
			parts[i] = `"` + strings.Join(tokens, " ") + `"`
		}
	}
	return strings.Join(parts, " AND ")
}

// tsQuery is the PostgreSQL tsquery of the terms: each a chain of its tokens
// at consecutive positions (<->), a one-character term a prefix (:*), all of
// them required.
func tsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		tokens, prefix := memberindex.TermQuery(t)
		if prefix {
			parts[i] = "'" + tokens[0] + "':*"
		} else {
			parts[i] = "'" + strings.Join(tokens, "' <-> '") + "'"
		}
	}
	return strings.Join(parts, " & ")
}
