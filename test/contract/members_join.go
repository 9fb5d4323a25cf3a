package contract

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberAddJoinFixture is a member repository and the transactor of its
// database.
type MemberAddJoinFixture struct {
	Members ports.MemberRepository
	Tx      ports.Transactor
}

// RunMemberAddJoins checks that MemberRepository.Add joins the transaction of
// a Transactor.InTx: a staff-created member (新建会员) commits or rolls back
// with its audit entry.
func RunMemberAddJoins(t *testing.T, newFixture func(t *testing.T) MemberAddJoinFixture) {
	run(t, "rolled back with the transaction", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		boom := errors.New("boom")
		m := register(t, member.Enterprise, "回滚单位", "rollback@example.com")
		err := f.Tx.InTx(ctx, func(ctx context.Context) error {
			require.NoError(t, f.Members.Add(ctx, m))
			return boom
		})
		require.ErrorIs(t, err, boom)
		_, err = f.Members.Get(ctx, m.ID())
		assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "the member rolled back: %v", err)
		taken, err := f.Members.EmailTaken(ctx, "rollback@example.com")
		require.NoError(t, err)
		assert.False(t, taken, "its email is free again")
	})
	run(t, "committed with the transaction", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		m := register(t, member.Individual, "提交人", "commit@example.com")
		require.NoError(t, f.Tx.InTx(ctx, func(ctx context.Context) error { return f.Members.Add(ctx, m) }))
		got, err := f.Members.Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Equal(t, "提交人", got.Name())
	})
}
