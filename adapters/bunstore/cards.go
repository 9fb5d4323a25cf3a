package bunstore

import (
	"context"
	"database/sql"
	"errors"
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
	// A prepared statement: the member detail in 会员管理 asks it on every view.
	rows, err := c.db.query(ctx, "card_version", func() string {
		return "SELECT version FROM member_cards WHERE member_id = ?"
	}, memberID)
	if err != nil {
		return 0, fmt.Errorf("bunstore: card version: %w", err)
	}
	v := 0
	if err := c.db.scanOne(ctx, rows, []any{&v}); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 1, nil
		}
		return 0, fmt.Errorf("bunstore: card version: %w", err)
	}
	return v, nil
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
