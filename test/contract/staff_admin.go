package contract

import (
	"context"
	"errors"
	"fmt"
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

// StaffAdminFixture is a staff repository and the transactor its writes join.
type StaffAdminFixture struct {
	Staff ports.StaffRepository
	Tx    ports.Transactor
}

// RunStaffAdmin checks what 工作人员管理 needs of a ports.StaffRepository: pages
// of accounts with their total, the count of active admins, the last login, and
// writes that join the transaction in their context (an audit entry commits
// with them or not at all). newFixture returns empty stores per subtest.
func RunStaffAdmin(t *testing.T, newFixture func(t *testing.T) StaffAdminFixture) {
	add := func(t *testing.T, repo ports.StaffRepository, username string, role access.Role) *staff.Staff {
		t.Helper()
		s, err := staff.New(username, "", "", role, "$argon2id$x", epoch())
		require.NoError(t, err)
		require.NoError(t, repo.Add(context.Background(), s))
		return s
	}

	run(t, "pages in username order with the total", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		for _, u := range []string{"wu", "an", "li", "zhao", "chen"} {
			add(t, f.Staff, u, access.RoleReviewer)
		}
		page, total, err := f.Staff.ListPage(ctx, ports.StaffPage{Offset: 1, Limit: 2})
		require.NoError(t, err)
		assert.Equal(t, 5, total)
		require.Len(t, page, 2)
		assert.Equal(t, []string{"chen", "li"}, []string{page[0].Username(), page[1].Username()})
		page, total, err = f.Staff.ListPage(ctx, ports.StaffPage{Offset: 10, Limit: 2})
		require.NoError(t, err)
		assert.Equal(t, 5, total, "the total of a page past the end")
		assert.Empty(t, page)
		all, _, err := f.Staff.ListPage(ctx, ports.StaffPage{})
		require.NoError(t, err)
		assert.Len(t, all, 5, "no limit: every account")
	})

	run(t, "counts active admins", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		n, err := f.Staff.CountActiveAdmins(ctx)
		require.NoError(t, err)
		assert.Zero(t, n)
		a := add(t, f.Staff, "admin1", access.RoleAdmin)
		add(t, f.Staff, "admin2", access.RoleAdmin)
		add(t, f.Staff, "fin", access.RoleFinance)
		require.NoError(t, f.Staff.SetDisabled(ctx, a.ID(), epoch()))
		n, err = f.Staff.CountActiveAdmins(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n, "a disabled admin and a finance account do not count")
	})

	run(t, "records the last login", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		a := add(t, f.Staff, "wang", access.RoleFinance)
		got, err := f.Staff.Get(ctx, a.ID())
		require.NoError(t, err)
		assert.True(t, got.LastLoginAt().IsZero())
		at := epoch().Add(time.Hour)
		require.NoError(t, f.Staff.RecordLogin(ctx, a.ID(), at))
		got, err = f.Staff.Get(ctx, a.ID())
		require.NoError(t, err)
		sameInstant(t, at, got.LastLoginAt(), "last_login_at")
		requireKind(t, f.Staff.RecordLogin(ctx, id.New(epoch()), at), apperr.KindNotFound)
	})

	runStaffAdminTx(t, newFixture, add)
}

// runStaffAdminTx checks that the writes join the transaction in ctx.
func runStaffAdminTx(t *testing.T, newFixture func(t *testing.T) StaffAdminFixture,
	add func(t *testing.T, repo ports.StaffRepository, username string, role access.Role) *staff.Staff) {
	run(t, "writes join the transaction", func(t *testing.T) {
		f, ctx := newFixture(t), context.Background()
		a := add(t, f.Staff, "admin1", access.RoleAdmin)
		rollback := errors.New("rollback")
		err := f.Tx.InTx(ctx, func(ctx context.Context) error {
			fresh, err := staff.New("newbie", "", "", access.RoleFinance, "$argon2id$x", epoch())
			require.NoError(t, err)
			require.NoError(t, f.Staff.Add(ctx, fresh))
			require.NoError(t, f.Staff.UpdateRole(ctx, a.ID(), access.RoleFinance))
			require.NoError(t, f.Staff.UpdatePassword(ctx, a.ID(), "$argon2id$new"))
			require.NoError(t, f.Staff.SetDisabled(ctx, a.ID(), epoch()))
			n, err := f.Staff.CountActiveAdmins(ctx)
			require.NoError(t, err)
			assert.Zero(t, n, "the transaction sees its own change")
			got, err := f.Staff.GetByUsername(ctx, "newbie")
			require.NoError(t, err, "the transaction reads its own insert")
			assert.Equal(t, access.RoleFinance, got.Role())
			return fmt.Errorf("then: %w", rollback)
		})
		require.ErrorIs(t, err, rollback)
		got, err := f.Staff.Get(ctx, a.ID())
		require.NoError(t, err)
		assert.Equal(t, access.RoleAdmin, got.Role(), "rolled back")
		assert.Equal(t, "$argon2id$x", got.PasswordHash())
		assert.False(t, got.Disabled())
		_, err = f.Staff.GetByUsername(ctx, "newbie")
		requireKind(t, err, apperr.KindNotFound)
	})
}
