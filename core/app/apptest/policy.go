package apptest

import (
	"errors"
	"slices"

	"github.com/openassoc/membership/core/domain/access"
)

// Policy answers the role × object × action questions of the authorization
// table from a list of permissions per role. ShippedPolicy mirrors
// policies/policy.csv (the policies package tests that it agrees with Casbin on
// every question), so that a use-case test meets the refusals of the real
// system without importing the Casbin adapter.
type Policy map[access.Role][]string

// Allowed reports whether the role has the permission object:action.
func (p Policy) Allowed(role access.Role, object, action string) (bool, error) {
	return slices.Contains(p[role], object+":"+action), nil
}

// ShippedPolicy returns the permissions of every role as policies/policy.csv
// grants them (role inheritance resolved).
func ShippedPolicy() Policy {
	guest := []string{"public:read", "account:write"}
	account := []string{"account:read"}
	member := slices.Concat(guest, account, []string{"member_home:read", "application:read", "application:write",
		"application:submit", "payment:read", "payment:write"})
	enterprise := slices.Concat(member, []string{"invoice:read", "invoice:write"},
		[]string{"contact:read", "contact:write"}) // 联系人管理 (issue 13)
	staff := slices.Concat(guest, account, []string{"backoffice:read", "member:read"},
		[]string{"audit:read"},    // the audit log: one's own entries
		[]string{"member:export"}) // 导出 the registry's filtered list
	reviewer := []string{"application:read", "application:review", "council:read", "council:review", "member:write",
		"member_account:manage"}
	finance := []string{"payment:read", "payment:confirm", "invoice:read", "invoice:confirm", "report:read"}
	secretariat := []string{"application:read", "membership:read", "membership:approve", "report:read", "member:level",
		"membership:manage"}
	return Policy{
		access.RoleGuest:       guest,
		access.RoleIndividual:  slices.Concat(member, []string{"invoice:read", "invoice:write"}),
		access.RoleEnterprise:  enterprise,
		access.RoleCouncil:     slices.Concat(enterprise, []string{"council:read", "council:write"}),
		access.RoleReviewer:    slices.Concat(staff, reviewer),
		access.RoleFinance:     slices.Concat(staff, finance),
		access.RoleSecretariat: slices.Concat(staff, secretariat),
		access.RoleAdmin: slices.Concat(staff, reviewer, finance, secretariat,
			[]string{"staff:read", "staff:manage", "content:read", "content:manage", "member:create", "member:import"},
			[]string{"audit:read_all"}), // everybody's audit entries
		access.RoleEditor: slices.Concat(guest, account, []string{"backoffice:read", "content:read", "content:manage",
			"audit:read"}),
	}
}

// ErrPolicyDown is what BrokenPolicy answers.
var ErrPolicyDown = errors.New("apptest: policy store unreachable")

// BrokenPolicy is a policy that cannot answer: a use case must fail with an
// Internal error, never allow.
type BrokenPolicy struct{}

// Allowed fails.
func (BrokenPolicy) Allowed(access.Role, string, string) (bool, error) { return false, ErrPolicyDown }
