package bunstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/openassoc/membership/ports"
)

// facets returns the counts beside the filters' values of a list without a
// search box. Each facet counts the
// members that match every filter but its own; facets that share those
// filters are counted together, in the cheapest way the filters allow: from
// member_facet_counts when they are none or one counted facet's value (the
// list's first page and a single filter never read member_search), else over
// the matching rows of member_search (read once per distinct set of filters).
func (x *MemberDirectory) facets(ctx context.Context, f ports.MemberFilter) (ports.MemberFacets, error) {
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
			if err := x.countExpiring(ctx, f, by, out); err != nil {
				return err
			}
		}
	}
	var rows []countRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("by_facet = ?", by.facet).Where("by_value = ?", by.value).
		Where("facet < ?", validityFacet).Where("n > 0").Scan(ctx)
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

// countExpiring counts the members among those of by (all members when
// by.facet is "") whose validity ends within each of the presets, adding up
// the counts per last day of validity.
func (x *MemberDirectory) countExpiring(ctx context.Context, f ports.MemberFilter, by activeFilter,
	out ports.MemberFacets) error {
	if f.Today.IsZero() {
		return nil
	}
	presets := ports.ExpiringPresets()
	var rows []countRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("by_facet = ?", by.facet).Where("by_value = ?", by.value).
		Where("facet = ?", validityFacet).
		Where("value BETWEEN ? AND ?", f.Today.Format(time.DateOnly),
			f.Today.AddDate(0, 0, presets[len(presets)-1]).Format(time.DateOnly)).Scan(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: count expiring members: %w", err)
	}
	for _, n := range presets {
		last, sum := f.Today.AddDate(0, 0, n).Format(time.DateOnly), 0
		for _, r := range rows {
			if r.Value <= last {
				sum += int(r.N)
			}
		}
		put(out, ports.FacetExpiring, strconv.Itoa(n), sum)
	}
	return nil
}

// scanFacets counts facets over the rows of member_search matching f without
// omit's filter, read once.
func (x *MemberDirectory) scanFacets(ctx context.Context, f ports.MemberFilter, omit string, facets []string,
	out ports.MemberFacets) error {
	q := x.where(x.db.conn(ctx).NewSelect().TableExpr("member_search AS s").Column("s.facet_key"), f, omit)
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
	var key string
	for rows.Next() {
		if err := rows.Scan(&key); err != nil {
			return fmt.Errorf("bunstore: member facets: %w", err)
		}
		v, until, err := parseFacetKey(key)
		if err != nil {
			return err
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
