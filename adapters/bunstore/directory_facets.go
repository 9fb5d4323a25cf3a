package bunstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/openassoc/membership/ports"
)

// Facets returns the counts beside the filters' values. Each facet counts the
// members that match every filter but its own; facets that share those
// filters are counted together, in the cheapest way the filters allow: from
// member_facet_counts when they are none or one counted facet's value (the
// list's first page and a single filter never read member_search), else over
// the matching rows of member_search (read once per distinct set of filters).
func (x *MemberDirectory) Facets(ctx context.Context, f ports.MemberFilter) (ports.MemberFacets, error) {
	out := ports.MemberFacets{}
	set := activeFilters(f)
	groups := map[string][]string{} // the omitted facet ("" none) → the facets counted without it
	for _, facet := range append(countedFacets[:], ports.FacetExpiring) {
		omit := ""
		if set.has(facet) {
			omit = facet
		}
		groups[omit] = append(groups[omit], facet)
	}
	for omit, facets := range groups {
		if err := x.countFacets(ctx, f, set.without(omit), omit, facets, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// countFacets counts facets over the members that match base (f without the
// filter of omit).
func (x *MemberDirectory) countFacets(ctx context.Context, f ports.MemberFilter, base filterSet, omit string,
	facets []string, out ports.MemberFacets) error {
	stored := len(base) == 0 || (len(base) == 1 && base[0].facet != filterSearch && base[0].facet != ports.FacetExpiring)
	if !stored {
		return x.scanFacets(ctx, f, omit, facets, out)
	}
	by := activeFilter{}
	if len(base) == 1 {
		by = base[0]
	}
	for _, facet := range facets {
		if facet == ports.FacetExpiring {
			if err := x.countExpiring(ctx, f, omit, out); err != nil {
				return err
			}
		}
	}
	var rows []countRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("by_facet = ?", by.facet).Where("by_value = ?", by.value).
		Where("n > 0").Scan(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: member facets: %w", err)
	}
	wanted := map[string]bool{}
	for _, facet := range facets {
		wanted[facet] = true
	}
	for _, r := range rows {
		if wanted[r.Facet] {
			put(out, r.Facet, r.Value, int(r.N))
		}
	}
	return nil
}

// countExpiring counts the members (matching f without omit's filter) whose
// validity ends within each of the presets.
func (x *MemberDirectory) countExpiring(ctx context.Context, f ports.MemberFilter, omit string,
	out ports.MemberFacets) error {
	if f.Today.IsZero() {
		return nil
	}
	presets := ports.ExpiringPresets()
	q := x.db.conn(ctx).NewSelect().TableExpr("member_search AS s")
	for _, n := range presets {
		q = q.ColumnExpr("COALESCE(SUM(CASE WHEN s.valid_until <= ? THEN 1 ELSE 0 END), 0)",
			newDateCol(f.Today.AddDate(0, 0, n)))
	}
	q = q.Where("s.valid_until BETWEEN ? AND ?", newDateCol(f.Today),
		newDateCol(f.Today.AddDate(0, 0, presets[len(presets)-1])))
	counts := make([]int, len(presets))
	dest := make([]any, len(presets))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := x.where(q, f, omit).Scan(ctx, dest...); err != nil {
		return fmt.Errorf("bunstore: count expiring members: %w", err)
	}
	for i, n := range presets {
		put(out, ports.FacetExpiring, strconv.Itoa(n), counts[i])
	}
	return nil
}

// scanFacets counts facets over the rows of member_search matching f without
// omit's filter, read once.
func (x *MemberDirectory) scanFacets(ctx context.Context, f ports.MemberFilter, omit string, facets []string,
	out ports.MemberFacets) error {
	cols := make([]string, 0, len(countedFacets)+1)
	for _, c := range countedFacets {
		cols = append(cols, "s."+facetColumn(c))
	}
	q := x.where(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s").ColumnExpr(strings.Join(cols, ", ")).
		ColumnExpr("s.valid_until"), f, omit)
	rows, err := q.Rows(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: member facets: %w", err)
	}
	defer func() { _ = rows.Close() }()
	wanted := map[string]int{} // facet → its index in countedFacets (-1: expiring)
	for _, facet := range facets {
		wanted[facet] = -1
		for i, c := range countedFacets {
			if c == facet {
				wanted[facet] = i
			}
		}
	}
	var (
		v     facetValues
		until dateCol
	)
	dest := []any{&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &until}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("bunstore: member facets: %w", err)
		}
		for facet, i := range wanted {
			if i >= 0 {
				add(out, facet, v[i], 1)
				continue
			}
			if f.Today.IsZero() || until.t.IsZero() || until.t.Before(f.Today) {
				continue
			}
			for _, n := range ports.ExpiringPresets() {
				if !until.t.After(f.Today.AddDate(0, 0, n)) {
					add(out, facet, strconv.Itoa(n), 1)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bunstore: member facets: %w", err)
	}
	return nil
}

// put sets a count (a zero count is no entry).
func put(out ports.MemberFacets, facet, value string, n int) {
	if n > 0 {
		add(out, facet, value, n)
	}
}

// add adds to a count.
func add(out ports.MemberFacets, facet, value string, n int) {
	if out[facet] == nil {
		out[facet] = map[string]int{}
	}
	out[facet][value] += n
}
