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
		"application:submit", "payment:read", "payment:write"},
		[]string{"info_change:read", "info_change:write"}) // 信息变更 (issue 13)
	enterprise := slices.Concat(member, []string{"invoice:read", "invoice:write"},
		[]string{"contact:read", "contact:write"},       // 联系人管理 (issue 13)
		[]string{"certificate:read"},                    // 会员证书 (issue 13)
		[]string{"submission:read", "submission:write"}) // 企业投稿 (issue 13)
	staff := slices.Concat(guest, account, []string{"backoffice:read", "member:read"},
		[]string{"audit:read"},    // the audit log: one's own entries
		[]string{"member:export"}) // 导出 the registry's filtered list
	reviewer := []string{"application:read", "application:review", "council:read", "council:review", "member:write",
		"member_account:manage",
		"info_change:read", "info_change:review"} // 信息变更审核 (issue 13)
	finance := []string{"payment:read", "payment:confirm", "invoice:read", "invoice:confirm", "report:read"}
	finance = append(finance, "payment:export", "invoice:export") // 导出 of 缴费确认, 银行对账, 发票管理
	finance = append(finance, "payment:refund")                   // 退款待办
	staff = append(staff, "audit:export")                         // 导出 of one's own audit entries
	secretariat := []string{"application:read", "membership:read", "membership:approve", "report:read", "member:level",
		"membership:manage"}
	bulk := []string{"bulk_notice:read", "bulk_notice:send"} // 群发通知: the admin and the editor
	return Policy{
		access.RoleGuest: guest,
		access.RoleIndividual: slices.Concat(member, []string{"invoice:read", "invoice:write"},
			[]string{"card:read"}), // 我的会员卡 (issue 13)
		access.RoleEnterprise:  enterprise,
		access.RoleCouncil:     slices.Concat(enterprise, []string{"council:read", "council:write"}),
		access.RoleReviewer:    slices.Concat(staff, reviewer),
		access.RoleFinance:     slices.Concat(staff, finance),
		access.RoleSecretariat: slices.Concat(staff, secretariat),
		access.RoleAdmin: slices.Concat(staff, reviewer, finance, secretariat,
			[]string{"staff:read", "staff:manage", "content:read", "content:manage", "member:create", "member:import"},
			[]string{"audit:read_all"},           // everybody's audit entries
			bulk, []string{"submission:review"}), // 企业投稿 (issue 13)
		access.RoleEditor: slices.Concat(guest, account, []string{"backoffice:read", "content:read", "content:manage",
			"audit:read", "audit:export"},
			bulk, []string{"submission:review"}),
	}
}

// ErrPolicyDown is what BrokenPolicy answers.
var ErrPolicyDown = errors.New("apptest: policy store unreachable")

// BrokenPolicy is a policy that cannot answer: a use case must fail with an
// Internal error, never allow.
type BrokenPolicy struct{}

// Allowed fails.
func (BrokenPolicy) Allowed(access.Role, string, string) (bool, error) { return false, ErrPolicyDown }
