package policies_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/policies"
)

// newEnforcer builds an enforcer from the embedded files only.
func newEnforcer(t *testing.T) *casbin.Enforcer {
	t.Helper()
	m, err := model.NewModelFromString(policies.Model())
	require.NoError(t, err)
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(policies.Policy()))
	require.NoError(t, err)
	return e
}

var (
	objects = []string{access.ObjPublic, access.ObjAccount, access.ObjMemberHome,
		access.ObjApplication, access.ObjPayment, access.ObjInvoice, access.ObjMembership,
		access.ObjCouncil, access.ObjStaff, access.ObjContent, access.ObjBackOffice, access.ObjMember,
		access.ObjMemberAccount, access.ObjAudit, access.ObjReport,
		access.ObjContact,
		access.ObjInfoChange, access.ObjBulkNotice, access.ObjCard, access.ObjCertificate, access.ObjSubmission}
	actions = []string{access.ActRead, access.ActWrite, access.ActSubmit, access.ActReview,
		access.ActConfirm, access.ActApprove, access.ActManage, access.ActCreate, access.ActLevel,
		access.ActReadAll,
		access.ActExport,
		access.ActRefund, access.ActSend, access.ActImport}
)

// allowed is, per role, every (object:action) the role may take; everything else
// must be denied.
var allowed = map[access.Role][]string{
	access.RoleGuest: {"public:read", "account:write"},
	access.RoleIndividual: {"public:read", "account:read", "account:write", "member_home:read",
		"application:read", "application:write", "application:submit",
		"payment:read", "payment:write", "invoice:read", "invoice:write",
		"info_change:read", "info_change:write",
		"card:read"},
	access.RoleEnterprise: {"public:read", "account:read", "account:write", "member_home:read",
		"application:read", "application:write", "application:submit",
		"payment:read", "payment:write", "invoice:read", "invoice:write",
		"contact:read", "contact:write",
		"info_change:read", "info_change:write",
		"certificate:read", "submission:read", "submission:write"},
	access.RoleCouncil: {"public:read", "account:read", "account:write", "member_home:read",
		"application:read", "application:write", "application:submit",
		"payment:read", "payment:write", "invoice:read", "invoice:write",
		"council:read", "council:write", "contact:read", "contact:write",
		"info_change:read", "info_change:write",
		"certificate:read", "submission:read", "submission:write"},
	access.RoleReviewer: {"public:read", "account:read", "account:write", "backoffice:read", "member:read",
		"audit:read", "member:export", "audit:export",
		"application:read", "application:review", "council:read", "council:review", "member:write",
		"member_account:manage",
		"info_change:read", "info_change:review"},
	access.RoleFinance: {"public:read", "account:read", "account:write", "backoffice:read", "member:read",
		"audit:read", "member:export", "audit:export",
		"payment:read", "payment:confirm", "invoice:read", "invoice:confirm", "report:read",
		"payment:export", "invoice:export", "payment:refund"},
	access.RoleSecretariat: {"public:read", "account:read", "account:write", "backoffice:read", "member:read",
		"audit:read", "member:export", "audit:export",
		"application:read", "membership:read", "membership:approve", "report:read", "member:level", "membership:manage"},
	access.RoleAdmin: {"public:read", "account:read", "account:write", "backoffice:read", "member:read",
		"audit:read", "member:export", "audit:export",
		"application:read", "application:review", "council:read", "council:review", "member_account:manage",
		"payment:read", "payment:confirm", "invoice:read", "invoice:confirm",
		"payment:export", "invoice:export", "payment:refund",
		"membership:read", "membership:approve", "report:read",
		"staff:read", "staff:manage", "content:read", "content:manage",
		"member:write", "member:level", "membership:manage", "member:create",
		"audit:read_all",
		"info_change:read", "info_change:review",
		"bulk_notice:read", "bulk_notice:send", "submission:review", "member:import"},
	access.RoleEditor: {"public:read", "account:read", "account:write", "backoffice:read",
		"content:read", "content:manage", "audit:read", "audit:export",
		"bulk_notice:read", "bulk_notice:send", "submission:review"},
}

// TestPolicyTable states the rules of spec §1 case by case, including the denials
// that matter most.
func TestPolicyTable(t *testing.T) {
	t.Parallel()
	e := newEnforcer(t)
	tests := []struct {
		role access.Role
		obj  string
		act  string
		want bool
	}{
		{access.RoleGuest, access.ObjPublic, access.ActRead, true},
		{access.RoleGuest, access.ObjAccount, access.ActWrite, true},
		{access.RoleGuest, access.ObjMemberHome, access.ActRead, false},
		{access.RoleGuest, access.ObjApplication, access.ActSubmit, false},
		{access.RoleGuest, access.ObjBackOffice, access.ActRead, false},

		{access.RoleIndividual, access.ObjMemberHome, access.ActRead, true},
		{access.RoleIndividual, access.ObjPayment, access.ActWrite, true},
		{access.RoleIndividual, access.ObjInvoice, access.ActRead, true}, // 申请发票 for individuals too (issue 12),
		{access.RoleIndividual, access.ObjCouncil, access.ActRead, false},
		{access.RoleIndividual, access.ObjPayment, access.ActConfirm, false},

		{access.RoleEnterprise, access.ObjApplication, access.ActSubmit, true},
		{access.RoleEnterprise, access.ObjInvoice, access.ActWrite, true},
		{access.RoleEnterprise, access.ObjCouncil, access.ActWrite, false},
		{access.RoleEnterprise, access.ObjPayment, access.ActConfirm, false},
		{access.RoleEnterprise, access.ObjApplication, access.ActReview, false},
		{access.RoleEnterprise, access.ObjBackOffice, access.ActRead, false},

		{access.RoleCouncil, access.ObjCouncil, access.ActWrite, true},
		{access.RoleCouncil, access.ObjInvoice, access.ActWrite, true},
		{access.RoleCouncil, access.ObjCouncil, access.ActReview, false},
		{access.RoleCouncil, access.ObjPayment, access.ActConfirm, false},

		{access.RoleReviewer, access.ObjApplication, access.ActReview, true},
		{access.RoleReviewer, access.ObjCouncil, access.ActReview, true},
		{access.RoleReviewer, access.ObjBackOffice, access.ActRead, true},
		{access.RoleReviewer, access.ObjPayment, access.ActConfirm, false},
		{access.RoleReviewer, access.ObjMembership, access.ActApprove, false},
		{access.RoleReviewer, access.ObjMemberHome, access.ActRead, false},
		{access.RoleReviewer, access.ObjStaff, access.ActManage, false},
		{access.RoleReviewer, access.ObjMember, access.ActRead, true},
		{access.RoleReviewer, access.ObjMemberAccount, access.ActManage, true},
		{access.RoleFinance, access.ObjMemberAccount, access.ActManage, false},
		{access.RoleSecretariat, access.ObjMemberAccount, access.ActManage, false},
		{access.RoleFinance, access.ObjStaff, access.ActManage, false},

		{access.RoleFinance, access.ObjPayment, access.ActConfirm, true},
		{access.RoleFinance, access.ObjInvoice, access.ActConfirm, true},
		{access.RoleFinance, access.ObjMembership, access.ActApprove, false},
		{access.RoleFinance, access.ObjApplication, access.ActReview, false},
		{access.RoleFinance, access.ObjContent, access.ActManage, false},
		{access.RoleFinance, access.ObjMember, access.ActRead, true},

		{access.RoleSecretariat, access.ObjMembership, access.ActApprove, true},
		{access.RoleSecretariat, access.ObjApplication, access.ActRead, true},
		{access.RoleSecretariat, access.ObjApplication, access.ActReview, false},
		{access.RoleSecretariat, access.ObjPayment, access.ActConfirm, false},
		{access.RoleSecretariat, access.ObjMember, access.ActRead, true},
		{access.RoleSecretariat, access.ObjMember, access.ActWrite, false},
		{access.RoleSecretariat, access.ObjMember, access.ActLevel, true},
		{access.RoleSecretariat, access.ObjMembership, access.ActManage, true},
		{access.RoleReviewer, access.ObjMember, access.ActWrite, true},
		{access.RoleReviewer, access.ObjMember, access.ActLevel, false},
		{access.RoleFinance, access.ObjMember, access.ActWrite, false},
		{access.RoleSecretariat, access.ObjMember, access.ActCreate, false},
		{access.RoleAdmin, access.ObjMember, access.ActCreate, true},

		{access.RoleAdmin, access.ObjStaff, access.ActManage, true},
		{access.RoleAdmin, access.ObjContent, access.ActManage, true},
		{access.RoleAdmin, access.ObjPayment, access.ActConfirm, true},
		{access.RoleAdmin, access.ObjMembership, access.ActApprove, true},
		{access.RoleAdmin, access.ObjApplication, access.ActReview, true},
		{access.RoleAdmin, access.ObjApplication, access.ActSubmit, false},
		{access.RoleAdmin, access.ObjMemberHome, access.ActRead, false},
		{access.RoleAdmin, access.ObjMember, access.ActRead, true},
		{access.RoleEnterprise, access.ObjMember, access.ActRead, false},
		{access.RoleIndividual, access.ObjMember, access.ActRead, false},
		{access.RoleFinance, access.ObjMember, access.ActExport, true},
		{access.RoleEditor, access.ObjMember, access.ActExport, false},
		{access.RoleEnterprise, access.ObjMember, access.ActExport, false},
		{access.RoleFinance, access.ObjPayment, access.ActRefund, true},
		{access.RoleFinance, access.ObjPayment, access.ActExport, true},
		{access.RoleReviewer, access.ObjPayment, access.ActExport, false},
		{access.RoleEnterprise, access.ObjPayment, access.ActRefund, false},
		{access.RoleAdmin, access.ObjMember, access.ActImport, true},
		{access.RoleSecretariat, access.ObjMember, access.ActImport, false},
		{access.RoleGuest, access.ObjMember, access.ActRead, false},
		{access.RoleFinance, access.ObjAudit, access.ActRead, true},
		{access.RoleFinance, access.ObjAudit, access.ActReadAll, false},
		{access.RoleAdmin, access.ObjAudit, access.ActReadAll, true},
		{access.RoleEnterprise, access.ObjAudit, access.ActRead, false},

		{access.RoleFinance, access.ObjReport, access.ActRead, true},
		{access.RoleSecretariat, access.ObjReport, access.ActRead, true},
		{access.RoleAdmin, access.ObjReport, access.ActRead, true},
		{access.RoleReviewer, access.ObjReport, access.ActRead, false},
		{access.RoleEnterprise, access.ObjReport, access.ActRead, false},
		{access.RoleCouncil, access.ObjContact, access.ActWrite, true},
		{access.RoleIndividual, access.ObjContact, access.ActRead, false},
		{access.RoleSecretariat, access.ObjReport, access.ActManage, false},
		// 信息变更: members ask, reviewers (and the admin) decide.
		{access.RoleIndividual, access.ObjInfoChange, access.ActWrite, true},
		{access.RoleReviewer, access.ObjInfoChange, access.ActReview, true},
		{access.RoleAdmin, access.ObjInfoChange, access.ActReview, true},
		{access.RoleFinance, access.ObjInfoChange, access.ActRead, false},
		{access.RoleEnterprise, access.ObjInfoChange, access.ActReview, false},

		{"member_base", access.ObjPublic, access.ActRead, true}, // abstract roles exist in the policy…
		{"nobody", access.ObjPublic, access.ActRead, false},     // …unknown ones get nothing
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tc.role, tc.obj, tc.act), func(t *testing.T) {
			got, err := e.Enforce(string(tc.role), tc.obj, tc.act)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestPolicyMatrix checks every role against every object × action, so that a rule
// added by mistake is caught as surely as a missing one.
func TestPolicyMatrix(t *testing.T) {
	t.Parallel()
	e := newEnforcer(t)
	require.Len(t, allowed, len(access.AllRoles()), "every role needs an expectation")
	for _, role := range access.AllRoles() {
		want, ok := allowed[role]
		require.True(t, ok, "no expectation for role %s", role)
		var got []string
		for _, obj := range objects {
			for _, act := range actions {
				ok, err := e.Enforce(string(role), obj, act)
				require.NoError(t, err)
				if ok {
					got = append(got, obj+":"+act)
				}
			}
		}
		sort.Strings(got)
		want = append([]string(nil), want...)
		sort.Strings(want)
		assert.Equal(t, want, got, "permissions of role %s", role)
	}
}

// TestPolicyRolesKnown checks that the policy names only known roles, objects and
// actions, so that a typo cannot silently grant nothing.
func TestPolicyRolesKnown(t *testing.T) {
	t.Parallel()
	e := newEnforcer(t)
	roles := map[string]bool{"member_base": true, "staff_base": true}
	for _, r := range access.AllRoles() {
		roles[string(r)] = true
	}
	objs := map[string]bool{}
	for _, o := range objects {
		objs[o] = true
	}
	acts := map[string]bool{}
	for _, a := range actions {
		acts[a] = true
	}
	rules, err := e.GetPolicy()
	require.NoError(t, err)
	require.NotEmpty(t, rules)
	for _, r := range rules {
		require.Len(t, r, 3)
		assert.True(t, roles[r[0]], "unknown role in %v", r)
		assert.True(t, objs[r[1]], "unknown object in %v", r)
		assert.True(t, acts[r[2]], "unknown action in %v", r)
	}
	links, err := e.GetGroupingPolicy()
	require.NoError(t, err)
	require.NotEmpty(t, links)
	for _, l := range links {
		require.Len(t, l, 2)
		assert.True(t, roles[l[0]] && roles[l[1]], "unknown role in %v", l)
	}
}
