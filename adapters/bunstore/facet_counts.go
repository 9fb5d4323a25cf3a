package bunstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
)

// countedFacets are the facets member_facet_counts counts, in the order of
// facetValues.
var countedFacets = [...]string{ports.FacetKind, ports.FacetLevel, ports.FacetStatus, ports.FacetFeeState,
	ports.FacetProvince, ports.FacetIndustry, ports.FacetJoined}

// facetValues are one member's values of the counted facets.
type facetValues [len(countedFacets)]string

// countKey is one row of member_facet_counts: the members with value of facet,
// among those with byValue of byFacet ("" and "": among all members).
type countKey struct{ byFacet, byValue, facet, value string }

// countRow is the stored form of a count.
type countRow struct {
	bun.BaseModel `bun:"table:member_facet_counts,alias:c"`

	ByFacet string `bun:"by_facet,pk"`
	ByValue string `bun:"by_value,pk"`
	Facet   string `bun:"facet,pk"`
	Value   string `bun:"value,pk"`
	N       int64  `bun:"n"`
}

// deltas are the changes of the counts a transaction makes: applied once, in
// key order, just before it commits, so that transactions changing the same
// counts lock them in the same order (no deadlock on PostgreSQL) and hold the
// locks briefly.
type deltas struct {
	m map[countKey]int64
	// direct marks the deltas of a caller outside runInTx, applied at once.
	direct bool
}

type deltasKey struct{}

// withDeltas returns a context collecting the transaction's count changes.
func withDeltas(ctx context.Context) (context.Context, *deltas) {
	d := &deltas{m: map[countKey]int64{}}
	return context.WithValue(ctx, deltasKey{}, d), d
}

// deltasOf returns the transaction's collector, or one applied at once.
func deltasOf(ctx context.Context) *deltas {
	if d, ok := ctx.Value(deltasKey{}).(*deltas); ok {
		return d
	}
	return &deltas{m: map[countKey]int64{}, direct: true}
}

// validityFacet is the counts of members per last day of validity (among all
// members and among those of each counted facet's value), which the counts of
// members expiring within 30, 60 or 90 days add up over a range of days.
const validityFacet = "valid_until"

// versionKey is the row of member_facet_counts that holds the registry's
// version: raised by every transaction that files a member (whether or not
// its counts change), so that a reader can tell that what it read of the
// registry is still current (MemberDirectory's cache).
var versionKey = countKey{}

// add counts a member's values sign times: among all members, and among the
// members of each other facet's value; and its last day of validity (day, ""
// for none) likewise. It raises the registry's version.
func (d *deltas) add(v facetValues, day string, sign int64) {
	d.m[versionKey]++
	for i, f := range countedFacets {
		d.m[countKey{"", "", f, v[i]}] += sign
		for j, by := range countedFacets {
			if j != i {
				d.m[countKey{by, v[j], f, v[i]}] += sign
			}
		}
	}
	if day == "" {
		return
	}
	d.m[countKey{"", "", validityFacet, day}] += sign
	for j, by := range countedFacets {
		d.m[countKey{by, v[j], validityFacet, day}] += sign
	}
}

// apply writes the non-zero changes in key order and forgets them.
func (d *deltas) apply(ctx context.Context, idb bun.IDB) error {
	rows := make([]countRow, 0, len(d.m))
	for k, n := range d.m {
		if n != 0 {
			rows = append(rows, countRow{ByFacet: k.byFacet, ByValue: k.byValue, Facet: k.facet, Value: k.value, N: n})
		}
	}
	clear(d.m)
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, func(a, b countRow) int {
		return cmp.Or(cmp.Compare(a.ByFacet, b.ByFacet), cmp.Compare(a.ByValue, b.ByValue),
			cmp.Compare(a.Facet, b.Facet), cmp.Compare(a.Value, b.Value))
	})
	for _, chunk := range chunks(rows, 200) {
		_, err := idb.NewInsert().Model(&chunk).On("CONFLICT (by_facet, by_value, facet, value) DO UPDATE").
			Set("n = c.n + EXCLUDED.n").Exec(ctx)
		if err != nil {
			return fmt.Errorf("bunstore: count members: %w", err)
		}
	}
	return nil
}

// rebuildCounts counts every member anew from member_search, in one
// transaction that keeps concurrent transactions from changing the counts
// meanwhile (they wait, then apply their changes to the new counts).
func (db *DB) rebuildCounts(ctx context.Context) error {
	return db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if db.postgres {
			if _, err := tx.ExecContext(ctx, "LOCK TABLE member_facet_counts IN EXCLUSIVE MODE"); err != nil {
				return fmt.Errorf("bunstore: recount members: %w", err)
			}
		}
		if _, err := tx.NewDelete().TableExpr("member_facet_counts").Where("NOT (by_facet = '' AND facet = '')").
			Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: recount members: %w", err)
		}
		d := &deltas{m: map[countKey]int64{versionKey: 1}}
		if err := d.apply(ctx, tx); err != nil {
			return err
		}
		for i, f := range append(countedFacets[:], validityFacet) {
			if err := recount(ctx, tx, "''", "''", f); err != nil {
				return err
			}
			for j, by := range countedFacets {
				if i != j {
					if err := recount(ctx, tx, "'"+by+"'", by, f); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// recount stores the counts of facet per value of the by column (byName its
// facet name, both "”" for all members).
func recount(ctx context.Context, tx bun.Tx, byName, byColumn, facet string) error {
	group := facetColumn(facet)
	if byColumn != "''" {
		group = byColumn + ", " + group
	}
	value, where := facetColumn(facet), ""
	if facet == validityFacet {
		value, where = "CAST(valid_until AS TEXT)", " WHERE valid_until IS NOT NULL"
		group = strings.Replace(group, facetColumn(facet), "valid_until", 1)
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO member_facet_counts (by_facet, by_value, facet, value, n)
SELECT %s, %s, '%s', %s, count(*) FROM member_search%s GROUP BY %s`,
		byName, byColumn, facet, value, where, group))
	if err != nil {
		return fmt.Errorf("bunstore: recount members by %s: %w", facet, err)
	}
	return nil
}

// facetColumn is member_search's column of a counted facet.
func facetColumn(facet string) string { return facet }
