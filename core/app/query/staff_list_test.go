package query_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
)

// 工作人员管理 pages the accounts in username order, clamps a page past the
// end, marks the admin's own account, and is the admin's alone.
func TestStaffList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var adminID string
	for i := range 25 {
		role := access.RoleReviewer
		if i == 3 {
			role = access.RoleAdmin
		}
		s, err := staff.New(fmt.Sprintf("user%02d", i), "", "", role, "h", e.clock.Now())
		require.NoError(t, err)
		require.NoError(t, e.store.Staff().Add(e.ctx, s))
		if role == access.RoleAdmin {
			adminID = s.ID()
		}
	}
	admin := access.Principal{Kind: access.PrincipalStaff, ID: adminID, Role: access.RoleAdmin}
	h := query.NewStaffListHandler(e.store.Staff(), apptest.ShippedPolicy())
	v, err := h.Handle(e.ctx, query.StaffList{Principal: admin, PageSize: 10})
	require.NoError(t, err)
	assert.Equal(t, 25, v.Total)
	assert.Equal(t, 3, v.Pages)
	require.Len(t, v.Items, 10)
	assert.Equal(t, "user00", v.Items[0].Username)
	assert.True(t, v.Items[3].Self)
	assert.False(t, v.Items[4].Self)

	v, err = h.Handle(e.ctx, query.StaffList{Principal: admin, Page: 9, PageSize: 10})
	require.NoError(t, err)
	assert.True(t, v.Clamped)
	assert.Equal(t, 3, v.Page)
	assert.Len(t, v.Items, 5)

	_, err = h.Handle(e.ctx, query.StaffList{Principal: admin, PageSize: -1})
	assert.True(t, apperr.IsKind(err, apperr.KindInvalid), "%v", err)
	_, err = h.Handle(e.ctx, query.StaffList{Principal: apptest.StaffOf(access.RoleReviewer)})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)

	one, err := query.NewStaffAccountHandler(e.store.Staff(), apptest.ShippedPolicy()).Handle(e.ctx,
		query.StaffAccount{Principal: admin, StaffID: adminID})
	require.NoError(t, err)
	assert.Equal(t, "系统管理员", one.RoleLabel)
}
