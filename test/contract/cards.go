package contract

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// CardFixture is a card repository with the members it refers to and the
// transactor of its store.
type CardFixture struct {
	Members ports.MemberRepository
	Cards   ports.CardRepository
	Tx      ports.Transactor
}

// RunCards runs the card repository's contract: version 1 before any re-issue,
// each re-issue one more, per member, and a re-issue rolls back with its
// transaction.
func RunCards(t *testing.T, newFixture func(t *testing.T) CardFixture) {
	run(t, "versions per member", func(t *testing.T) { cardsVersions(t, newFixture(t)) })
	run(t, "a re-issue rolls back with its transaction", func(t *testing.T) { cardsRollback(t, newFixture(t)) })
}

func cardsVersions(t *testing.T, f CardFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Individual, "卡甲", "a@example.com", "GR260001")
	b := approved(t, f.Members, member.Enterprise, "卡乙公司", "b@example.com", "26000001")
	v, err := f.Cards.CardVersion(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, 1, v, "never re-issued")
	for want := 2; want <= 3; want++ {
		var got int
		require.NoError(t, f.Tx.InTx(ctx, func(ctx context.Context) error {
			got, err = f.Cards.ReissueCard(ctx, a.ID())
			return err
		}))
		assert.Equal(t, want, got)
	}
	v, err = f.Cards.CardVersion(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, 3, v)
	v, err = f.Cards.CardVersion(ctx, b.ID())
	require.NoError(t, err)
	assert.Equal(t, 1, v, "another member's card is untouched")
}

func cardsRollback(t *testing.T, f CardFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Individual, "卡丙", "c@example.com", "GR260002")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := f.Cards.ReissueCard(ctx, a.ID()); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	v, err := f.Cards.CardVersion(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, 1, v, "the re-issue was rolled back")
}
