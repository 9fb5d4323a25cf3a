package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
)

// Authorize answers with the use case's own refusal, so that an adapter that
// asks before reading a body refuses the same way the use case would.
func TestAuthorize(t *testing.T) {
	t.Parallel()
	c := newCore(apptest.ShippedPolicy())
	member := access.Principal{Kind: access.PrincipalMember, ID: "m1", Role: access.RoleIndividual}
	require.NoError(t, c.Authorize(member, access.EditOwnApplication))
	require.NoError(t, c.Authorize(apptest.StaffOf(access.RoleFinance), access.ConfirmPayment))

	err := c.Authorize(apptest.StaffOf(access.RoleReviewer), access.ConfirmPayment)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
	assert.Equal(t, "您没有权限确认缴费", apperr.As(err).Message)
	err = c.Authorize(member, access.ConfirmPayment)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
	err = c.Authorize(access.Guest, access.EditOwnApplication)
	assert.True(t, apperr.IsKind(err, apperr.KindUnauthorized), "%v", err)
}
