package access_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/access"
)

func TestRoles(t *testing.T) {
	t.Parallel()
	for _, r := range access.AllRoles() {
		assert.NotEmpty(t, r.Label())
	}
	assert.Len(t, access.StaffRoles(), 5)
	for _, r := range access.StaffRoles() {
		assert.True(t, r.IsStaff())
		got, ok := access.ParseStaffRole(string(r))
		assert.True(t, ok)
		assert.Equal(t, r, got)
	}
	for _, r := range []access.Role{access.RoleGuest, access.RoleEnterprise, access.RoleCouncil, access.RoleIndividual} {
		assert.False(t, r.IsStaff(), r)
		_, ok := access.ParseStaffRole(string(r))
		assert.False(t, ok)
	}
}
