package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// RunStaffRepository checks a ports.StaffRepository implementation; newRepo
// returns an empty repository per subtest.
func RunStaffRepository(t *testing.T, newRepo func(t *testing.T) ports.StaffRepository) {
	newStaff := func(t *testing.T, username string) *staff.Staff {
		s, err := staff.New(username, "王审核", "wang@assoc.example", access.RoleReviewer, "$argon2id$x", epoch())
		require.NoError(t, err)
		return s
	}

	run(t, "add and get", func(t *testing.T) {
		repo, ctx := newRepo(t), context.Background()
		want := newStaff(t, "wang")
		require.NoError(t, repo.Add(ctx, want))
		for _, load := range []func() (*staff.Staff, error){
			func() (*staff.Staff, error) { return repo.Get(ctx, want.ID()) },
			func() (*staff.Staff, error) { return repo.GetByUsername(ctx, "wang") },
		} {
			got, err := load()
			require.NoError(t, err)
			sameInstant(t, want.CreatedAt(), got.CreatedAt(), "created_at")
			gotSnap := got.Snapshot()
			gotSnap.CreatedAt = want.CreatedAt()
			assert.Equal(t, want.Snapshot(), gotSnap)
		}
	})

	run(t, "username is unique", func(t *testing.T) {
		repo, ctx := newRepo(t), context.Background()
		require.NoError(t, repo.Add(ctx, newStaff(t, "wang")))
		second := newStaff(t, "wang")
		requireFieldConflict(t, repo.Add(ctx, second), "username")
		_, err := repo.Get(ctx, second.ID())
		requireKind(t, err, apperr.KindNotFound)
	})

	run(t, "missing account is NotFound", func(t *testing.T) {
		repo, ctx := newRepo(t), context.Background()
		got, err := repo.Get(ctx, id.New(epoch()))
		requireKind(t, err, apperr.KindNotFound)
		assert.Nil(t, got)
		got, err = repo.GetByUsername(ctx, "nobody")
		requireKind(t, err, apperr.KindNotFound)
		assert.Nil(t, got)
		requireKind(t, repo.UpdatePassword(ctx, id.New(epoch()), "h"), apperr.KindNotFound)
	})

	run(t, "update password", func(t *testing.T) {
		repo, ctx := newRepo(t), context.Background()
		a, b := newStaff(t, "wang"), newStaff(t, "li")
		require.NoError(t, repo.Add(ctx, a))
		require.NoError(t, repo.Add(ctx, b))
		require.NoError(t, repo.UpdatePassword(ctx, a.ID(), "$argon2id$new"))
		got, err := repo.Get(ctx, a.ID())
		require.NoError(t, err)
		assert.Equal(t, "$argon2id$new", got.PasswordHash())
		other, err := repo.Get(ctx, b.ID())
		require.NoError(t, err)
		assert.Equal(t, "$argon2id$x", other.PasswordHash(), "other accounts keep theirs")
	})
	runStaffChanges(t, newRepo, newStaff)
}

// runStaffChanges checks UpdateRole and SetDisabled.
func runStaffChanges(t *testing.T, newRepo func(t *testing.T) ports.StaffRepository,
	newStaff func(t *testing.T, username string) *staff.Staff) {
	run(t, "update role and disable", func(t *testing.T) {
		repo, ctx := newRepo(t), context.Background()
		a, b := newStaff(t, "wang"), newStaff(t, "li")
		require.NoError(t, repo.Add(ctx, a))
		require.NoError(t, repo.Add(ctx, b))
		require.NoError(t, repo.UpdateRole(ctx, a.ID(), access.RoleAdmin))
		require.NoError(t, repo.SetDisabled(ctx, a.ID(), epoch()))
		got, err := repo.GetByUsername(ctx, "wang")
		require.NoError(t, err)
		assert.Equal(t, access.RoleAdmin, got.Role())
		assert.True(t, got.Disabled())
		sameInstant(t, epoch(), got.Snapshot().DisabledAt, "disabled_at")
		other, err := repo.Get(ctx, b.ID())
		require.NoError(t, err)
		assert.Equal(t, access.RoleReviewer, other.Role(), "other accounts keep theirs")
		assert.False(t, other.Disabled())

		require.NoError(t, repo.SetDisabled(ctx, a.ID(), time.Time{}))
		got, err = repo.Get(ctx, a.ID())
		require.NoError(t, err)
		assert.False(t, got.Disabled(), "enabled again")
		requireKind(t, repo.UpdateRole(ctx, id.New(epoch()), access.RoleAdmin), apperr.KindNotFound)
		requireKind(t, repo.SetDisabled(ctx, id.New(epoch()), epoch()), apperr.KindNotFound)
	})
}
