package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// memberVersions checks the version staff forms carry (optimistic
// concurrency): 1 when added, one more on every stored update, unchanged by an
// update that fails; the status reason is stored with the member.
func memberVersions(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	m := addMember(t, f.Repo, member.Enterprise, "星河科技有限公司", "office@xinghe.example")
	version := func() int64 {
		got, err := f.Repo.Get(ctx, m.ID())
		require.NoError(t, err)
		return got.Version()
	}
	assert.Equal(t, int64(1), version())
	later := epoch().Add(time.Hour)
	require.NoError(t, f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return membertest.Submit(m, later)
	}))
	assert.Equal(t, int64(2), version())

	// A change checked against the version it was prepared on: the stale one
	// is refused and stores nothing.
	err := f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		if err := m.CheckVersion(1); err != nil {
			return err
		}
		return m.Approve("19000001", later)
	})
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, member.ErrStaleVersion, apperr.As(err).Code)
	assert.Equal(t, int64(2), version())
	require.NoError(t, f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		if err := m.CheckVersion(2); err != nil {
			return err
		}
		return m.Approve("19000001", later)
	}))
	assert.Equal(t, int64(3), version())

	require.NoError(t, f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.Withdraw("单位申请退会", true, later)
	}))
	got, err := f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusWithdrawn, got.Status())
	assert.Equal(t, "单位申请退会", got.StatusReason())
	assert.Equal(t, int64(4), got.Version())
}
