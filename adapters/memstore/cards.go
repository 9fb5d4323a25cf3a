package memstore

import (
	"context"

	"github.com/openassoc/membership/ports"
)

// CardRepository keeps members' card versions; it implements
// ports.CardRepository.
type CardRepository struct{ s *Store }

var _ ports.CardRepository = (*CardRepository)(nil)

// Cards returns the card versions.
func (s *Store) Cards() *CardRepository { return &CardRepository{s: s} }

// CardVersion returns the member's card version (1 until re-issued).
func (r *CardRepository) CardVersion(ctx context.Context, memberID string) (int, error) {
	v := 1
	err := r.s.read(ctx, true, func(d *data) error {
		if n, ok := d.cards.get(memberID); ok {
			v = n
		}
		return nil
	})
	return v, err
}

// ReissueCard moves the member's card to its next version.
func (r *CardRepository) ReissueCard(ctx context.Context, memberID string) (int, error) {
	var v int
	err := r.s.write(ctx, true, "CardRepository.ReissueCard", func(d *data) error {
		if !d.members.has(memberID) {
			return errConstraint("member_cards: no member %q", memberID)
		}
		v = 2
		if n, ok := d.cards.get(memberID); ok {
			v = n + 1
		}
		d.cards.put(memberID, v)
		return nil
	})
	return v, err
}
