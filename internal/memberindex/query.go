package memberindex

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/ports"
)

// dim is one filter of the registry: the facet it counts (none for the search
// box) and whether an entry passes it.
type dim struct {
	facet string
	pass  func(e *Entry) bool
	value func(e *Entry) string
}

// Query is a filter evaluated in memory.
type Query struct {
	f     ports.MemberFilter
	terms []string
	dims  []dim
}

// Compile prepares a filter for evaluation.
func Compile(f ports.MemberFilter) Query {
	q := Query{f: f, terms: QueryTerms(f.Search)}
	eq := func(want string, got func(e *Entry) string) func(e *Entry) bool {
		return func(e *Entry) bool { return want == "" || got(e) == want }
	}
	orNone := func(want string, got func(e *Entry) string) func(e *Entry) bool {
		if want == ports.FilterNone {
			return func(e *Entry) bool { return got(e) == "" }
		}
		return eq(want, got)
	}
	kind := func(e *Entry) string { return string(e.Kind) }
	level := func(e *Entry) string { return string(e.Level) }
	status := func(e *Entry) string { return string(e.Status) }
	fee := func(e *Entry) string { return string(e.FeeState) }
	province := func(e *Entry) string { return e.Province }
	industry := func(e *Entry) string { return e.Industry }
	joined := func(e *Entry) string { return e.JoinedYear }
	q.dims = []dim{
		{ports.FacetKind, eq(string(f.Kind), kind), kind},
		{ports.FacetLevel, eq(string(f.Level), level), level},
		{ports.FacetStatus, eq(string(f.Status), status), status},
		{ports.FacetFeeState, eq(string(f.FeeState), fee), fee},
		{ports.FacetProvince, orNone(f.Province, province), province},
		{ports.FacetIndustry, orNone(f.Industry, industry), industry},
		{ports.FacetJoined, orNone(f.JoinedYear, joined), joined},
		{ports.FacetExpiring, q.validity, nil},
		{"", q.search, nil},
	}
	return q
}

// validity is the filter of the last day of validity.
func (q Query) validity(e *Entry) bool {
	f, vu := q.f, e.ValidUntil
	if f.ExpiresBefore.IsZero() && f.ExpiresAfter.IsZero() && f.ExpiringWithin <= 0 {
		return true
	}
	if vu.IsZero() {
		return false
	}
	if !f.ExpiresBefore.IsZero() && vu.After(f.ExpiresBefore) {
		return false
	}
	if !f.ExpiresAfter.IsZero() && vu.Before(f.ExpiresAfter) {
		return false
	}
	return f.ExpiringWithin <= 0 || within(vu, f.Today, f.ExpiringWithin)
}

// within reports whether day lies between today and today + days, inclusive.
func within(day, today time.Time, days int) bool {
	return !day.Before(today) && !day.After(today.AddDate(0, 0, days))
}

// search is the search box: every term occurs in one of the entry's terms.
func (q Query) search(e *Entry) bool {
	for _, t := range q.terms {
		if !slices.ContainsFunc(e.Terms, func(s string) bool { return strings.Contains(s, t) }) {
			return false
		}
	}
	return true
}

// Match reports whether the entry passes every filter.
func (q Query) Match(e *Entry) bool {
	for i := range q.dims {
		if !q.dims[i].pass(e) {
			return false
		}
	}
	return true
}

// Facets counts the entries per facet value: an entry that passes every filter
// counts in every facet, one that fails exactly one filter counts in that
// filter's facet only (the counts leave each facet's own filter out).
func (q Query) Facets(entries []*Entry) ports.MemberFacets {
	out := ports.MemberFacets{}
	add := func(facet, value string) {
		if out[facet] == nil {
			out[facet] = map[string]int{}
		}
		out[facet][value]++
	}
	for _, e := range entries {
		failed := -1
		for j := range q.dims {
			if q.dims[j].pass(e) {
				continue
			}
			if failed >= 0 {
				failed = -2 // two or more
				break
			}
			failed = j
		}
		for j, d := range q.dims {
			if d.facet == "" || (failed != -1 && failed != j) {
				continue
			}
			if d.value != nil {
				add(d.facet, d.value(e))
				continue
			}
			for _, n := range ports.ExpiringPresets() {
				if !e.ValidUntil.IsZero() && !q.f.Today.IsZero() && within(e.ValidUntil, q.f.Today, n) {
					add(d.facet, strconv.Itoa(n))
				}
			}
		}
	}
	return out
}

// SortKey returns the entry's key of an order.
func (e *Entry) SortKey(s ports.MemberSort) string {
	switch s {
	case ports.SortName:
		return e.NameKey
	case ports.SortJoined:
		return e.JoinedKey
	case ports.SortValidity:
		return e.ValidityKey
	}
	return e.NumberKey
}

// Sort orders entries by the key of s, then by member id; desc reverses both.
func Sort(entries []*Entry, s ports.MemberSort, desc bool) {
	slices.SortFunc(entries, func(a, b *Entry) int {
		c := cmp.Or(strings.Compare(a.SortKey(s), b.SortKey(s)), strings.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
}
