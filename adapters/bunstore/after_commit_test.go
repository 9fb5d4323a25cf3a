package bunstore_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/member"
)

// The AfterCommit hooks run once per committed transaction that may have
// written events: a member added or updated on its own, a Transactor.InTx
// (whatever it updated inside), never for a rolled-back one.
func TestAfterCommitHooks(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	var commits atomic.Int32
	db.AfterCommit(func() { commits.Add(1) })
	members := bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db))
	tx := bunstore.NewTransactor(db)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	m, err := member.Register(member.Registration{Kind: member.Individual, Name: "张一", Email: "a@example.com",
		PasswordHash: "h"}, now)
	require.NoError(t, err)
	touch := func(context.Context, *member.Member) error { return nil }

	require.NoError(t, members.Add(ctx, m))
	assert.EqualValues(t, 1, commits.Load(), "after Add")
	require.NoError(t, members.Update(ctx, m.ID(), touch))
	assert.EqualValues(t, 2, commits.Load(), "after Update")

	require.NoError(t, tx.InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, members.Update(ctx, m.ID(), touch))
		require.NoError(t, members.Update(ctx, m.ID(), touch))
		assert.EqualValues(t, 2, commits.Load(), "nothing is committed inside the transaction")
		return nil
	}))
	assert.EqualValues(t, 3, commits.Load(), "once for the whole transaction")

	errRollback := errors.New("roll back")
	assert.ErrorIs(t, tx.InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, members.Update(ctx, m.ID(), touch))
		return errRollback
	}), errRollback)
	assert.ErrorIs(t, members.Update(ctx, m.ID(), func(context.Context, *member.Member) error { return errRollback }),
		errRollback)
	assert.EqualValues(t, 3, commits.Load(), "not after a rollback")
}
