package contract

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

func memberUpdate(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	m := addMember(t, f.Repo, member.Enterprise, "星河科技有限公司", "office@xinghe.example")
	later := epoch().Add(time.Hour)
	err := f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return membertest.Submit(m, later)
	})
	require.NoError(t, err)

	got, err := f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusSubmitted, got.Status())
	sameInstant(t, later, got.UpdatedAt(), "updated_at")
	assert.Equal(t, []string{"member.registered", "member.application_submitted"}, eventNames(f.Events(t)))

	// A rule broken inside fn comes back unchanged, with its kind.
	err = f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.ConfirmPayment(later)
	})
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, member.ErrTransition, apperr.As(err).Code)

	// The email state is stored with the rest.
	verified := later.Add(time.Minute)
	require.NoError(t, f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		m.VerifyEmail(verified)
		return nil
	}))
	got, err = f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.True(t, got.EmailVerified())
	sameInstant(t, verified, got.EmailState().VerifiedAt, "email_verified_at")
}

func memberUpdateFails(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	m := addMember(t, f.Repo, member.Individual, "张三", "zhangsan@example.com")
	oldHash := m.PasswordHash()
	refused := apperr.Forbidden("refused", "不允许")
	err := f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("new-hash", epoch().Add(time.Minute)) // records an event...
		return refused                                         // ...that must not be written
	})
	require.ErrorIs(t, err, refused, "fn's error is returned unchanged")

	got, err := f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, oldHash, got.PasswordHash())
	assert.Equal(t, []string{"member.registered"}, eventNames(f.Events(t)),
		"a rolled-back update emits nothing")
}

func memberUpdateMissing(t *testing.T, f MemberFixture) {
	called := false
	err := f.Repo.Update(context.Background(), id.New(epoch()), func(context.Context, *member.Member) error {
		called = true
		return nil
	})
	requireKind(t, err, apperr.KindNotFound)
	assert.False(t, called, "fn does not run for a missing member")
}

// memberUpdateConcurrent lets 20 updates each append a character to the password
// hash: without serialization some would read a stale hash and an update would be
// lost.
func memberUpdateConcurrent(t *testing.T, f MemberFixture) {
	const n = 20
	ctx := context.Background()
	m := addMember(t, f.Repo, member.Individual, "张三", "zhangsan@example.com")
	start := m.PasswordHash()
	errs := parallel(n, func(i int) error {
		return f.Repo.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			m.ChangePassword(m.PasswordHash()+"+", epoch().Add(time.Duration(i)*time.Second))
			return nil
		})
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, start+strings.Repeat("+", n), got.PasswordHash(), "no update was lost")

	names := eventNames(f.Events(t))
	require.Len(t, names, n+1)
	for _, name := range names[1:] {
		assert.Equal(t, "member.password_changed", name)
	}
}
