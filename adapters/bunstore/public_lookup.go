package bunstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// PublicLookup answers 会员查询 from the members table (number: its unique
// constraint; name: the unique kind + name constraint) and member_search (USCC:
// the index of migration 0015); it implements ports.PublicLookup.
type PublicLookup struct{ db *DB }

var _ ports.PublicLookup = (*PublicLookup)(nil)

// NewPublicLookup returns the public lookup.
func NewPublicLookup(db *DB) *PublicLookup { return &PublicLookup{db: db} }

// publicLookupSQL is the lookup: three exact matches, each read from an index,
// of members with a number. The empty string never matches (a number is NULL
// when unset, a name is never empty, an empty USCC is left out of its index).
func publicLookupSQL(limit int) string {
	const cols = "m.id, m.number, m.name, m.kind, m.level, m.status, m.valid_from, m.valid_until"
	return "SELECT " + cols + " FROM members m WHERE m.number = ?" +
		" UNION SELECT " + cols + " FROM members m WHERE m.kind IN ('enterprise', 'individual') AND m.name = ?" +
		" AND m.number IS NOT NULL" +
		" UNION SELECT " + cols + " FROM member_search s JOIN members m ON m.id = s.member_id" +
		" WHERE s.uscc = ? AND s.uscc <> '' AND m.number IS NOT NULL" +
		" ORDER BY 2 LIMIT " + strconv.Itoa(limit)
}

// LookupPublic returns the members with a number that match one of the
// arguments exactly.
func (x *PublicLookup) LookupPublic(ctx context.Context, number, name, uscc string,
	limit int) ([]ports.PublicMember, error) {
	out := []ports.PublicMember{}
	if limit <= 0 || (number == "" && name == "" && uscc == "") {
		return out, nil
	}
	rows, err := x.db.query(ctx, "public_lookup_"+strconv.Itoa(limit),
		func() string { return publicLookupSQL(limit) }, number, name, uscc)
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
	return out, nil
}
