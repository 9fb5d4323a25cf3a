package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

// A staff account reads its own profile; a member or nobody is asked to log in
// (to the back office), an account that is gone is NotFound.
func TestStaffProfile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.staff("finance1", access.RoleFinance)
	h := query.NewStaffProfileHandler(e.store.Staff())

	s, err := h.Handle(e.ctx, p)
	require.NoError(t, err)
	assert.Equal(t, "finance1", s.Username())
	assert.Equal(t, access.RoleFinance, s.Role())

	m := e.member(member.Individual, "张三", member.StatusRegistered)
	_, err = h.Handle(e.ctx, apptest.MemberOf(m))
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = h.Handle(e.ctx, access.Guest)
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = h.Handle(e.ctx, apptest.StaffOf(access.RoleAdmin))
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
}
