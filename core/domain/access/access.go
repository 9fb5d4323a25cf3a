// Package access holds the access rules of the core: the roles of the association,
// the principal acting in a request, and the one authorization table (rules.go)
// that every use case asks through Authorize — who may act (members, staff,
// anyone logged in), the permission the role needs, and ownership: a member only
// ever sees its own records. Role × permission answers come from the Casbin
// policy files under policies/, asked through the ports.Authorizer port.
package access

// Role is one of the roles of spec §1.
type Role string

// The roles.
const (
	RoleGuest       Role = "guest"
	RoleEnterprise  Role = "enterprise"  // 单位会员
	RoleCouncil     Role = "council"     // 理事及以上单位会员
	RoleIndividual  Role = "individual"  // 个人会员
	RoleReviewer    Role = "reviewer"    // 工作人员
	RoleFinance     Role = "finance"     // 财务
	RoleSecretariat Role = "secretariat" // 秘书处
	RoleAdmin       Role = "admin"       // 系统管理员
	// RoleEditor (内容编辑) writes the site's articles and nothing else.
	RoleEditor Role = "editor"
)

// StaffRoles lists the roles a staff account may have.
func StaffRoles() []Role {
	return []Role{RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin, RoleEditor}
}

// AllRoles lists every role.
func AllRoles() []Role {
	return []Role{RoleGuest, RoleEnterprise, RoleCouncil, RoleIndividual,
		RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin, RoleEditor}
}

// IsStaff reports whether the role belongs to association staff.
func (r Role) IsStaff() bool {
	switch r {
	case RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin, RoleEditor:
		return true
	}
	return false
}

// Label returns the Chinese label of the role.
func (r Role) Label() string {
	switch r {
	case RoleEnterprise:
		return "单位会员"
	case RoleCouncil:
		return "理事及以上单位会员"
	case RoleIndividual:
		return "个人会员"
	case RoleReviewer:
		return "工作人员"
	case RoleFinance:
		return "财务"
	case RoleSecretariat:
		return "秘书处"
	case RoleAdmin:
		return "系统管理员"
	case RoleEditor:
		return "内容编辑"
	}
	return "访客"
}

// ParseStaffRole parses a staff role name.
func ParseStaffRole(s string) (Role, bool) {
	r := Role(s)
	return r, r.IsStaff()
}

// Object and action names used in the policy files. An action is asked as
// (role, object, action).
const (
	ObjPublic      = "public"
	ObjAccount     = "account"     // one's own account: password, session
	ObjMemberHome  = "member_home" // the member portal home
	ObjApplication = "application" // membership applications
	ObjPayment     = "payment"
	ObjInvoice     = "invoice"
	ObjMembership  = "membership" // final approval by the secretariat
	ObjCouncil     = "council"    // 完善理事资料
	ObjStaff       = "staff"      // staff accounts
	ObjContent     = "content"    // notices and news
	ObjBackOffice  = "backoffice"
	ObjMember      = "member" // the member registry (会员管理): every member's record
	// ObjMemberAccount is help with a member's login (账号协助): reset links,
	// unlocking, mails, the login email.
	ObjMemberAccount = "member_account"
	ObjAudit         = "audit"   // the audit log (审计日志): read is one's own entries
	ObjReport        = "report"  // the reports (统计报表): figures over all members and fees
	ObjContact       = "contact" // an enterprise's own contacts (联系人管理)
	// ObjInfoChange is 信息变更: a member's own change requests, the
	// reviewers' queue.
	ObjInfoChange = "info_change"
	// ObjBulkNotice is the bulk notices (群发通知): read and send.
	ObjBulkNotice  = "bulk_notice"
	ObjCard        = "card"        // an individual's 我的会员卡
	ObjCertificate = "certificate" // an enterprise's 会员证书
	ObjSubmission  = "submission"  // 企业投稿: an enterprise's submissions, the editors' review

	ActRead    = "read"
	ActWrite   = "write"
	ActSubmit  = "submit"
	ActReview  = "review"
	ActConfirm = "confirm"
	ActApprove = "approve"
	ActManage  = "manage"
	// The registry's staff changes (issue 10, items 3–5).
	ActCreate  = "create"   // member:create — 新建会员
	ActLevel   = "level"    // member:level — 调整级别
	ActReadAll = "read_all" // every account's records, not only one's own (the audit log)
	ActExport  = "export"   // member:export — 导出 the registry's filtered list
	ActRefund  = "refund"   // payment:refund — finance marks a refund due as refunded
	// ActSend is bulk_notice:send — 群发通知.
	ActSend   = "send"
	ActImport = "import" // member:import — 导入老会员 (admin)
)

// PrincipalKind tells a member from a staff account.
type PrincipalKind string

// The kinds of principal.
const (
	PrincipalGuest  PrincipalKind = ""
	PrincipalMember PrincipalKind = "member"
	PrincipalStaff  PrincipalKind = "staff"
)

// Principal is who acts in a request.
type Principal struct {
	Kind PrincipalKind
	ID   string
	Role Role
	// Address is the client address the request came from, as the inbound
	// adapter saw it (behind trusted proxies: the forwarded one); empty for
	// the command line. The audit log records it with each staff action.
	Address string
}

// Guest is the principal of an anonymous request.
var Guest = Principal{Role: RoleGuest}

// IsMember reports whether the principal is a logged-in member.
func (p Principal) IsMember() bool { return p.Kind == PrincipalMember && p.ID != "" }

// IsStaff reports whether the principal is a logged-in staff account.
func (p Principal) IsStaff() bool { return p.Kind == PrincipalStaff && p.ID != "" && p.Role.IsStaff() }
