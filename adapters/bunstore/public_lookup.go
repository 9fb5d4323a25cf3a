package bunstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// PublicLookup answers 会员查询 from the members table (number: its unique
// constraint; name: the unique kind + name constraint) and member_search (USCC:
// the index of migration 0015); it implements ports.PublicLookup.
type PublicLookup struct {
	db *DB
	// gate lets the lookups use the connections in turn (gate.go).
	gate fifoGate
}

var _ ports.PublicLookup = (*PublicLookup)(nil)

// NewPublicLookup returns the public lookup.
func NewPublicLookup(db *DB) *PublicLookup {
	return &PublicLookup{db: db, gate: newFIFOGate(db.poolSize)}
}

// publicLookupSQL is the lookup: three exact matches, each read from an index,
// of members with a number. The empty string never matches (a number is NULL
// when unset, a name is never empty, an empty USCC is left out of its index).
// Each branch finds a handful of rows at most (a number is unique, a name per
// kind, a USCC nearly so), so they are put together with UNION ALL and ordered,
// deduplicated and cut in Go: UNION and ORDER BY made SQLite build and sort
// two temporary B-trees for every lookup, most of its work.
const publicLookupSQL = "SELECT " + publicLookupCols + " FROM members m WHERE m.number = ?" +
	" UNION ALL SELECT " + publicLookupCols + " FROM members m WHERE m.kind IN ('enterprise', 'individual')" +
	" AND m.name = ? AND m.number IS NOT NULL" +
	" UNION ALL SELECT " + publicLookupCols + " FROM member_search s JOIN members m ON m.id = s.member_id" +
	" WHERE s.uscc = ? AND s.uscc <> '' AND m.number IS NOT NULL"

// publicLookupCols are the columns the lookup reads.
const publicLookupCols = "m.id, m.number, m.name, m.kind, m.level, m.status, m.valid_from, m.valid_until"

// LookupPublic returns the members with a number that match one of the
// arguments exactly.
func (x *PublicLookup) LookupPublic(ctx context.Context, number, name, uscc string,
	limit int) ([]ports.PublicMember, error) {
	out := []ports.PublicMember{}
	if limit <= 0 || (number == "" && name == "" && uscc == "") {
		return out, nil
	}
	if err := x.gate.enter(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: public lookup: %w", err)
	}
	defer x.gate.leave()
	rows, err := x.db.query(ctx, "public_lookup", func() string { return publicLookupSQL }, number, name, uscc)
	if err != nil {
		return nil, fmt.Errorf("bunstore: public lookup: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			p                     ports.PublicMember
			kind, level, status   string
			validFrom, validUntil dateCol
		)
		if err := rows.Scan(&p.ID, &p.Number, &p.Name, &kind, &level, &status, &validFrom,
			&validUntil); err != nil {
			return nil, fmt.Errorf("bunstore: public lookup: %w", err)
		}
		p.Kind, p.Level, p.Status = member.Kind(kind), member.Level(level), member.Status(status)
		p.ValidFrom, p.ValidUntil = validFrom.t, validUntil.t
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bunstore: public lookup: %w", err)
	}
	// By number, each member once, at most limit: what UNION … ORDER BY 2
	// LIMIT gave.
	slices.SortFunc(out, func(a, b ports.PublicMember) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	out = slices.CompactFunc(out, func(a, b ports.PublicMember) bool { return a.ID == b.ID })
	return out[:min(len(out), limit)], nil
}
