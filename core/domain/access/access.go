// Package access holds the access rules of the core: the roles of the association,
// the principal acting in a request, and ownership — a member only ever sees its own
// records. Role × action permissions live in the Casbin policy files under policies/
// and are asked through the ports.Authorizer port.
package access

import (
	"fmt"

	"github.com/openassoc/membership/core/apperr"
)

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
)

// StaffRoles lists the roles a staff account may have.
func StaffRoles() []Role { return []Role{RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin} }

// AllRoles lists every role.
func AllRoles() []Role {
	return []Role{RoleGuest, RoleEnterprise, RoleCouncil, RoleIndividual,
		RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin}
}

// IsStaff reports whether the role belongs to association staff.
func (r Role) IsStaff() bool {
	switch r {
	case RoleReviewer, RoleFinance, RoleSecretariat, RoleAdmin:
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

	ActRead    = "read"
	ActWrite   = "write"
	ActSubmit  = "submit"
	ActReview  = "review"
	ActConfirm = "confirm"
	ActApprove = "approve"
	ActManage  = "manage"
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
}

// Guest is the principal of an anonymous request.
var Guest = Principal{Role: RoleGuest}

// IsMember reports whether the principal is a logged-in member.
func (p Principal) IsMember() bool { return p.Kind == PrincipalMember && p.ID != "" }

// IsStaff reports whether the principal is a logged-in staff account.
func (p Principal) IsStaff() bool { return p.Kind == PrincipalStaff && p.ID != "" && p.Role.IsStaff() }

// CheckOwner enforces ownership: a member may only touch records it owns; staff may
// touch any member's records (what they may do is the policy's business). A member
// asking for another member's record is told it does not exist, so that identifiers
// cannot be probed.
func CheckOwner(p Principal, ownerID string) error {
	switch {
	case p.IsStaff():
		return nil
	case p.IsMember() && p.ID == ownerID:
		return nil
	case p.IsMember():
		return apperr.NotFound("not_found", "记录不存在")
	default:
		return apperr.Unauthorized("login_required", "请先登录")
	}
}

// MembersOnly is the error for a use case that only members have: staff are
// forbidden, anonymous callers must log in.
func MembersOnly(p Principal) error {
	if p.IsStaff() {
		return apperr.Forbidden("members_only", "此功能仅供会员使用")
	}
	return apperr.Unauthorized("login_required", "请先登录")
}

// Policy answers role × object × action questions; ports.Authorizer (Casbin)
// is one.
type Policy interface {
	Allowed(role Role, object, action string) (bool, error)
}

// Require asks the policy whether the principal's role may act on an object: a
// guest is told to log in, anyone else without the permission gets Forbidden
// with the given message.
func Require(policy Policy, p Principal, object, action, denied string) error {
	if !p.IsMember() && !p.IsStaff() {
		return apperr.Unauthorized("login_required", "请先登录")
	}
	ok, err := policy.Allowed(p.Role, object, action)
	if err != nil {
		return apperr.Internal(fmt.Errorf("authorize %s %s %s: %w", p.Role, object, action, err))
	}
	if !ok {
		return apperr.Forbidden("forbidden", denied)
	}
	return nil
}
