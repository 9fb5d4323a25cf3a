package access_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
)

func TestOwnership(t *testing.T) {
	t.Parallel()
	alice := access.Principal{Kind: access.PrincipalMember, ID: "alice", Role: access.RoleEnterprise}
	bob := access.Principal{Kind: access.PrincipalMember, ID: "bob", Role: access.RoleIndividual}
	reviewer := access.Principal{Kind: access.PrincipalStaff, ID: "s1", Role: access.RoleReviewer}
	fakeStaff := access.Principal{Kind: access.PrincipalStaff, ID: "s2", Role: access.RoleEnterprise}

	cases := []struct {
		name string
		p    access.Principal
		kind apperr.Kind
		ok   bool
	}{
		{"owner sees own record", alice, 0, true},
		{"another member gets not found", bob, apperr.KindNotFound, false},
		{"staff may see any record", reviewer, 0, true},
		{"a staff principal with a member role is not staff", fakeStaff, apperr.KindUnauthorized, false},
		{"guest must log in", access.Guest, apperr.KindUnauthorized, false},
	}
	for _, tc := range cases {
		err := access.CheckOwner(tc.p, "alice")
		if tc.ok {
			assert.NoError(t, err, tc.name)
			continue
		}
		assert.True(t, apperr.IsKind(err, tc.kind), "%s: %v", tc.name, err)
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	for _, r := range access.AllRoles() {
		assert.NotEmpty(t, r.Label())
	}
	assert.Len(t, access.StaffRoles(), 4)
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

func TestMembersOnly(t *testing.T) {
	t.Parallel()
	staff := access.Principal{Kind: access.PrincipalStaff, ID: "s", Role: access.RoleFinance}
	assert.True(t, apperr.IsKind(access.MembersOnly(staff), apperr.KindForbidden))
	assert.True(t, apperr.IsKind(access.MembersOnly(access.Guest), apperr.KindUnauthorized))
}

type policyFunc func(access.Role, string, string) (bool, error)

func (f policyFunc) Allowed(r access.Role, o, a string) (bool, error) { return f(r, o, a) }

func TestRequire(t *testing.T) {
	t.Parallel()
	onlyFinanceConfirms := policyFunc(func(r access.Role, o, a string) (bool, error) {
		if o == "broken" {
			return false, assert.AnError
		}
		return r == access.RoleFinance && o == access.ObjPayment && a == access.ActConfirm, nil
	})
	finance := access.Principal{Kind: access.PrincipalStaff, ID: "f", Role: access.RoleFinance}
	member := access.Principal{Kind: access.PrincipalMember, ID: "m", Role: access.RoleEnterprise}
	assert.NoError(t, access.Require(onlyFinanceConfirms, finance, access.ObjPayment, access.ActConfirm, "x"))
	err := access.Require(onlyFinanceConfirms, member, access.ObjPayment, access.ActConfirm, "不能确认缴费")
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))
	assert.Equal(t, "不能确认缴费", apperr.As(err).Message)
	assert.True(t, apperr.IsKind(access.Require(onlyFinanceConfirms, access.Guest, access.ObjPayment, access.ActConfirm, "x"), apperr.KindUnauthorized))
	assert.True(t, apperr.IsKind(access.Require(onlyFinanceConfirms, finance, "broken", access.ActRead, "x"), apperr.KindInternal))
}
