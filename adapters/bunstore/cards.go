package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/ports"
)

// Cards keeps members' card versions (member_cards, migration 0026); it
// implements ports.CardRepository.
type Cards struct{ db *DB }

var _ ports.CardRepository = (*Cards)(nil)

// NewCards returns the card repository of db.
func NewCards(db *DB) *Cards { return &Cards{db: db} }

// CardVersion returns the member's card version (1 without a row).
func (c *Cards) CardVersion(ctx context.Context, memberID string) (int, error) {
	var vs []int
	err := c.db.conn(ctx).NewSelect().TableExpr("member_cards").Column("version").
		Where("member_id = ?", memberID).Scan(ctx, &vs)
	if err != nil {
		return 0, fmt.Errorf("bunstore: card version: %w", err)
	}
	if len(vs) == 0 {
		return 1, nil
	}
	return vs[0], nil
}

// ReissueCard moves the member's card to its next version in one statement.
func (c *Cards) ReissueCard(ctx context.Context, memberID string) (int, error) {
	var vs []int
	err := c.db.conn(ctx).NewRaw(`INSERT INTO member_cards (member_id, version, reissued_at) VALUES (?, 2, ?)
ON CONFLICT (member_id) DO UPDATE SET version = member_cards.version + 1, reissued_at = excluded.reissued_at
RETURNING version`, memberID, storedTime(time.Now())).Scan(ctx, &vs)
	if err != nil {
		return 0, fmt.Errorf("bunstore: reissue card: %w", err)
	}
	if len(vs) != 1 {
		return 0, fmt.Errorf("bunstore: reissue card: %d rows returned", len(vs))
	}
	return vs[0], nil
}
