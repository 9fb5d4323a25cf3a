package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// PublicLookup answers 会员查询; it implements ports.PublicLookup. It reads the
// committed state.
type PublicLookup struct{ s *Store }

var _ ports.PublicLookup = (*PublicLookup)(nil)

// PublicLookup returns the public lookup.
func (s *Store) PublicLookup() *PublicLookup { return &PublicLookup{s: s} }

// LookupPublic returns the members with a number that match one of the
// arguments exactly, by number.
func (x *PublicLookup) LookupPublic(ctx context.Context, number, name, uscc string,
	limit int) ([]ports.PublicMember, error) {
	out := []ports.PublicMember{}
	if limit <= 0 {
		return out, nil
	}
	err := x.s.read(ctx, false, func(d *data) error {
		ids := map[string]bool{}
		if id, ok := d.memberNumbers.get(number); ok && number != "" {
			ids[id] = true
		}
		for _, k := range []member.Kind{member.Enterprise, member.Individual} {
			if id, ok := d.memberNames.get(nameIndexKey(k, name)); ok && name != "" {
				ids[id] = true
			}
		}
		if uscc != "" {
			for id, row := range d.members.all() {
				if row.snap.Kind == member.Enterprise && row.snap.Application.Enterprise.USCC == uscc {
					ids[id] = true
				}
			}
		}
		for id := range ids {
			if row, ok := d.members.get(id); ok && row.snap.Number != "" {
				out = append(out, publicMember(row.snap))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ports.PublicMember) int { return cmp.Compare(a.Number, b.Number) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func publicMember(s member.Snapshot) ports.PublicMember {
	return ports.PublicMember{ID: s.ID, Number: s.Number, Name: s.Name, Kind: s.Kind, Level: s.Level,
		Status: s.Status, ValidFrom: s.ValidFrom, ValidUntil: s.ValidUntil}
}
