package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
)

// policy is the role × permission table of policies/policy.csv (the Casbin
// policy the module embeds; policies_test.go checks the same table against
// Casbin), so that these cases read like the real system.
type policy map[access.Role][]string

func (p policy) Allowed(r access.Role, object, action string) (bool, error) {
	return slices.Contains(p[r], object+":"+action), nil
}

func realPolicy() policy {
	member := []string{"member_home:read", "application:read", "application:write", "application:submit",
		"payment:read", "payment:write", "invoice:read", "invoice:write",
		"info_change:read", "info_change:write"} // 信息变更
	staff := []string{"backoffice:read", "member:read", "audit:read", "member:export", "audit:export"}
	submissions := []string{"submission:read", "submission:write"} // 企业投稿: enterprises only
	contacts := []string{"contact:read", "contact:write"}          // 联系人管理: enterprises only
	reviewer := []string{"application:read", "application:review", "member:write", "member_account:manage",
		"info_change:read", "info_change:review"} // 信息变更审核
	reviewer = append(reviewer, "council:read", "council:review") // 完善理事资料's queue
	finance := []string{"payment:read", "payment:confirm", "report:read", "invoice:read", "invoice:confirm",
		"payment:export", "invoice:export", "payment:refund"}
	secretariat := []string{"application:read", "membership:read", "membership:approve", "report:read", "member:level",
		"membership:manage"}
	return policy{
		access.RoleIndividual:  slices.Concat(member, []string{"card:read"}),
		access.RoleEnterprise:  slices.Concat(member, contacts, []string{"certificate:read"}, submissions),
		access.RoleCouncil:     slices.Concat(member, contacts, []string{"council:read", "council:write"}, []string{"certificate:read"}, submissions),
		access.RoleReviewer:    slices.Concat(staff, reviewer),
		access.RoleFinance:     slices.Concat(staff, finance),
		access.RoleSecretariat: slices.Concat(staff, secretariat),
		access.RoleAdmin: slices.Concat(staff, reviewer, finance, secretariat,
			[]string{"staff:manage", "audit:read_all", "member:create", "content:manage", "member:import"},
			[]string{"bulk_notice:read", "bulk_notice:send", "submission:review"}),
		access.RoleEditor: {"backoffice:read", "content:manage", "audit:read", "audit:export",
			"bulk_notice:read", "bulk_notice:send", "submission:review"},
	}
}

var (
	memberRoles = []access.Role{access.RoleIndividual, access.RoleEnterprise, access.RoleCouncil}
	allStaff    = access.StaffRoles()
	// enterpriseRoles are the member roles of enterprises (联系人管理).
	enterpriseRoles = []access.Role{access.RoleEnterprise, access.RoleCouncil}
)

// expectation is what an action allows, written out by hand: the roles that
// may take it (on their own record), whether a member is confined to its own
// records, how the other kind of principal is refused and the message of a
// refusal by the policy.
type expectation struct {
	allowed   []access.Role
	owned     bool
	wrongKind apperr.Error // zero: the action is for anyone logged in
	denied    string
}

func forbidden(msg string) apperr.Error {
	return apperr.Error{Kind: apperr.KindForbidden, Code: "forbidden", Message: msg}
}

// expectations are the authorization table written out by hand, one line per
// action.
func expectations() map[access.Action]expectation {
	const (
		noRight = "您没有权限执行此操作"
		noView  = "您没有权限查看此内容"
		noPage  = "您当前登录的账号无权访问此页面"
		// A staff account asking for another's audit entries.
		othersAudit = "您只能查看本人的操作记录，无权查看其他工作人员的审计日志"
	)
	membersOnly := apperr.Error{Kind: apperr.KindForbidden, Code: "members_only", Message: "此功能仅供会员使用"}
	notMine := forbidden("工作人员账号不能办理会员业务")
	appReaders := []access.Role{access.RoleReviewer, access.RoleSecretariat, access.RoleAdmin}
	payReaders := []access.Role{access.RoleFinance, access.RoleAdmin}
	secretariat := []access.Role{access.RoleSecretariat, access.RoleAdmin}
	// registry: every staff duty but the editor's reads the member registry.
	registry := []access.Role{access.RoleReviewer, access.RoleFinance, access.RoleSecretariat, access.RoleAdmin}
	editors := []access.Role{access.RoleAdmin, access.RoleEditor}
	return map[access.Action]expectation{
		access.OpenMemberPortal:         {memberRoles, true, membersOnly, noPage},
		access.ReadOwnDashboard:         {memberRoles, true, loginRequired(), ""},
		access.EditOwnApplication:       {memberRoles, true, notMine, noRight},
		access.SubmitOwnApplication:     {memberRoles, true, notMine, noRight},
		access.ReadOwnFees:              {memberRoles, true, membersOnly, noView},
		access.PayOwnFees:               {memberRoles, true, membersOnly, noRight},
		access.ReadOwnOrder:             {memberRoles, true, membersOnly, ""},
		access.ReadOwnNotifications:     {memberRoles, true, membersOnly, ""},
		access.MarkOwnNotificationsRead: {memberRoles, true, membersOnly, ""},
		access.VerifyOwnEmail:           {memberRoles, true, membersOnly, ""},

		access.ReadApplication:   {slices.Concat(memberRoles, appReaders), true, apperr.Error{}, noView},
		access.ReadPayment:       {slices.Concat(memberRoles, payReaders), true, apperr.Error{}, noView},
		access.ChangeOwnPassword: {slices.Concat(memberRoles, allStaff), false, apperr.Error{}, ""},

		access.OpenBackOffice:      {allStaff, false, forbidden(noPage), noPage},
		access.ReadOwnStaffProfile: {allStaff, false, loginRequired(), ""},
		access.ReadWorkQueues:      {allStaff, false, forbidden(noView), ""},
		access.ListApplications:    {appReaders, false, forbidden(noView), noView},
		access.InspectApplication: {appReaders, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, noView},
		access.ReviewApplication: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			forbidden("您没有权限审核入会申请"), "您没有权限审核入会申请"},
		access.ListPayments:      {payReaders, false, forbidden(noView), noView},
		access.ConfirmPayment:    {payReaders, false, forbidden("您没有权限确认缴费"), "您没有权限确认缴费"},
		access.ListMemberships:   {secretariat, false, forbidden(noView), noView},
		access.ApproveMembership: {secretariat, false, forbidden("您没有权限审批入会"), "您没有权限审批入会"},
		access.ManageSettings: {[]access.Role{access.RoleAdmin}, false,
			forbidden("您没有权限修改会费设置"), "您没有权限修改会费设置"},
		access.ListMembers: {registry, false, forbidden(noView), noView},
		access.InspectMember: {registry, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, noView},

		access.ReadOwnInvoices:   {memberRoles, true, membersOnly, noView},
		access.RequestOwnInvoice: {memberRoles, true, notMine, noRight},
		access.ListInvoices:      {payReaders, false, forbidden(noView), noView},
		access.IssueInvoice:      {payReaders, false, forbidden("您没有权限开具发票"), "您没有权限开具发票"},
		access.EditContent:       {editors, false, forbidden("您没有权限编辑网站内容"), "您没有权限编辑网站内容"},
		access.EditMember: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			forbidden("您没有权限修改会员资料"), "您没有权限修改会员资料"},
		access.CreateMember: {[]access.Role{access.RoleAdmin}, false,
			forbidden("您没有权限新建会员"), "您没有权限新建会员"},
		access.ChangeMemberLevel: {secretariat, false,
			forbidden("您没有权限调整会员级别"), "您没有权限调整会员级别"},
		access.ChangeMembershipStatus: {secretariat, false,
			forbidden("您没有权限变更会籍状态"), "您没有权限变更会籍状态"},
		access.WithdrawOwnMembership: {memberRoles, true, notMine, ""},
		access.ReadOwnContacts:       {enterpriseRoles, true, notMine, "您没有权限查看此内容"},
		access.EditOwnContacts:       {enterpriseRoles, true, notMine, "您没有权限执行此操作"},
		// 我的会员卡 and 会员证书 (issue 13).
		access.ReadOwnCard:        {[]access.Role{access.RoleIndividual}, true, notMine, "会员卡仅供个人会员使用"},
		access.ReadOwnCertificate: {enterpriseRoles, true, notMine, "会员证书仅供单位会员使用"},
		access.ReissueOwnCard:     {memberRoles, true, notMine, ""},
		// The member's language setting.
		access.SetOwnLocale: {memberRoles, true, notMine, ""},
		// 企业投稿 (issue 13).
		access.ReadOwnSubmissions: {enterpriseRoles, true, notMine, "企业投稿仅供单位会员使用"},
		access.SubmitOwnArticle:   {enterpriseRoles, true, notMine, "企业投稿仅供单位会员使用"},
		access.ReviewSubmission: {[]access.Role{access.RoleAdmin, access.RoleEditor}, false,
			forbidden("您没有权限审核企业投稿"), "您没有权限审核企业投稿"},
		access.ManageStaff: {[]access.Role{access.RoleAdmin}, false,
			forbidden("您没有权限管理工作人员账号"), "您没有权限管理工作人员账号"},
		access.HelpMemberAccount: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, "您没有权限协助处理会员账号"},
		access.ExportMembers: {registry, false, forbidden("您没有权限导出会员名单"), "您没有权限导出会员名单"},
		access.MarkRefunded:  {payReaders, false, forbidden("您没有权限办理退款"), "您没有权限办理退款"},
		access.ReadAuditLog:  {allStaff, false, forbidden(noView), noView},
		access.ReadOthersAudit: {[]access.Role{access.RoleAdmin}, false, forbidden(othersAudit),
			othersAudit},

		access.ExportPayments: {payReaders, false, forbidden("您没有权限导出缴费与对账记录"), "您没有权限导出缴费与对账记录"},
		access.ExportInvoices: {payReaders, false, forbidden("您没有权限导出发票记录"), "您没有权限导出发票记录"},
		access.ExportAuditLog: {allStaff, false, forbidden("您没有权限导出操作日志"), "您没有权限导出操作日志"},
		access.ReadOwnExportJobs: {allStaff, false, forbidden("您当前登录的账号无权访问此页面"),
			"您当前登录的账号无权访问此页面"},
		access.ReadReports: {[]access.Role{access.RoleFinance, access.RoleSecretariat, access.RoleAdmin}, false,
			forbidden(noView), noView},

		// 信息变更 (issue 13).
		access.ReadOwnInfoChanges:   {memberRoles, true, notMine, noView},
		access.RequestOwnInfoChange: {memberRoles, true, notMine, noRight},
		access.ListInfoChanges: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, noView},
		access.ReviewInfoChange: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			forbidden("您没有权限审核信息变更"), "您没有权限审核信息变更"},
		// 完善理事资料: the council role's own forms; reviewers (and the admin) the queue.
		access.ReadOwnCouncil: {[]access.Role{access.RoleCouncil}, true, notMine, "完善理事资料仅适用于理事及以上单位会员"},
		access.EditOwnCouncil: {[]access.Role{access.RoleCouncil}, true, notMine, "完善理事资料仅适用于理事及以上单位会员"},
		access.ListCouncilForms: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, noView},
		access.ReviewCouncilForm: {[]access.Role{access.RoleReviewer, access.RoleAdmin}, false,
			apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}, "您没有权限审核理事资料"},
		// 群发通知: the admin and the editor.
		access.SendBulkNotice: {[]access.Role{access.RoleAdmin, access.RoleEditor}, false,
			forbidden("您没有权限发送群发通知"), "您没有权限发送群发通知"},
		access.ReadBulkNotices: {[]access.Role{access.RoleAdmin, access.RoleEditor}, false,
			forbidden(noView), noView},
		// 导入老会员: the admin's alone.
		access.ImportMembers: {[]access.Role{access.RoleAdmin}, false,
			forbidden("您没有权限导入会员"), "您没有权限导入会员"},
	}
}

func loginRequired() apperr.Error {
	return apperr.Error{Kind: apperr.KindUnauthorized, Code: "login_required", Message: "请先登录"}
}

func TestAuthorizationTable(t *testing.T) {
	t.Parallel()
	want, login := expectations(), loginRequired()
	require.Len(t, want, len(access.Actions()), "every action has its expectation")
	pol := realPolicy()
	for _, a := range access.Actions() {
		w, ok := want[a]
		require.True(t, ok, "no expectation for %s", a)
		rule, ok := access.RuleOf(a)
		require.True(t, ok, "no rule for %s", a)
		assert.Equal(t, w.owned, rule.Owned, "%s: ownership", a)
		for _, role := range access.AllRoles() {
			for _, own := range []bool{true, false} {
				p, owner := principal(role), "someone-else"
				if own {
					owner = p.ID
				}
				got := access.Authorize(pol, p, a, owner)
				name := string(a) + "/" + string(role) + map[bool]string{true: "/own", false: "/other's"}[own]
				expected := outcome(w, role, own, login)
				if expected == nil {
					assert.NoError(t, got, name)
				} else {
					require.Error(t, got, name)
					e := apperr.As(got)
					assert.Equal(t, *expected, apperr.Error{Kind: e.Kind, Code: e.Code, Message: e.Message}, name)
				}
				can, err := access.Can(pol, p, a, owner)
				require.NoError(t, err, name)
				assert.Equal(t, expected == nil, can, name)
			}
		}
	}
}

// outcome is what the expectation says principal of role gets on its own (or
// another member's) record: nil for allowed.
func outcome(w expectation, role access.Role, own bool, login apperr.Error) *apperr.Error {
	isMember := slices.Contains(memberRoles, role)
	switch {
	case role == access.RoleGuest:
		return &login
	case w.wrongKind.Code != "" && isMember != forMembers(w.allowed):
		// A principal of the kind the action is not for.
		return &w.wrongKind
	case isMember && w.owned && !own:
		nf := apperr.Error{Kind: apperr.KindNotFound, Code: "not_found", Message: "记录不存在"}
		return &nf
	case slices.Contains(w.allowed, role):
		return nil
	}
	f := forbidden(w.denied)
	return &f
}

// forMembers tells whether an action's roles are members' (some, like 联系人管理
// for enterprises only, are not every member's).
func forMembers(allowed []access.Role) bool {
	return slices.ContainsFunc(allowed, func(r access.Role) bool { return slices.Contains(memberRoles, r) })
}

func principal(r access.Role) access.Principal {
	switch {
	case r == access.RoleGuest:
		return access.Guest
	case r.IsStaff():
		return access.Principal{Kind: access.PrincipalStaff, ID: "staff-" + string(r), Role: r}
	}
	return access.Principal{Kind: access.PrincipalMember, ID: "member-" + string(r), Role: r}
}

// TestOwnership: a member reads only its own records; staff read anyone's; a
// staff principal with a member's role is nobody.
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
		err := access.Authorize(realPolicy(), tc.p, access.ReadApplication, "alice")
		if tc.ok {
			assert.NoError(t, err, tc.name)
			continue
		}
		assert.True(t, apperr.IsKind(err, tc.kind), "%s: %v", tc.name, err)
	}
}

// TestPolicyFailures: a policy that cannot answer, a missing policy and an
// unknown action are faults of the system, never a yes.
func TestPolicyFailures(t *testing.T) {
	t.Parallel()
	finance := access.Principal{Kind: access.PrincipalStaff, ID: "f", Role: access.RoleFinance}
	var brokenPolicy access.Policy = failing{}
	err := access.Authorize(brokenPolicy, finance, access.ConfirmPayment, "")
	assert.True(t, apperr.IsKind(err, apperr.KindInternal), "%v", err)
	_, err = access.Can(brokenPolicy, finance, access.ConfirmPayment, "")
	assert.True(t, apperr.IsKind(err, apperr.KindInternal), "%v", err)

	assert.True(t, apperr.IsKind(access.Authorize(nil, finance, access.ConfirmPayment, ""), apperr.KindInternal))
	assert.NoError(t, access.Authorize(nil, finance, access.ReadWorkQueues, ""), "no policy question, no policy needed")
	assert.True(t, apperr.IsKind(access.Authorize(realPolicy(), finance, access.Action("fly"), ""), apperr.KindInternal))
}

// failing is a policy that cannot answer.
type failing struct{}

func (failing) Allowed(access.Role, string, string) (bool, error) { return false, assert.AnError }

// TestRuleMessages: every rule the policy may refuse has a message.
func TestRuleMessages(t *testing.T) {
	t.Parallel()
	for _, a := range access.Actions() {
		r, _ := access.RuleOf(a)
		if r.Object != "" {
			assert.NotEmpty(t, strings.TrimSpace(r.Denied), a)
		}
	}
}
