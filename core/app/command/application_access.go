package command

import (
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// allow asks the policy whether the principal's role may act on an object; a
// guest is told to log in, anyone else without the permission is Forbidden.
func allow(authz ports.Authorizer, p access.Principal, object, action string) error {
	return access.Require(authz, p, object, action, "您没有权限执行此操作")
}

// allowMember is allow for the member's own records: only a member principal.
func allowMember(authz ports.Authorizer, p access.Principal, action string) error {
	if !p.IsMember() {
		if p.IsStaff() {
			return apperr.Forbidden("forbidden", "工作人员账号不能办理会员业务")
		}
		return apperr.Unauthorized("login_required", "请先登录")
	}
	return allow(authz, p, access.ObjApplication, action)
}

// allowReview checks a staff principal may review applications.
func allowReview(authz ports.Authorizer, p access.Principal) error {
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限审核入会申请")
	}
	if err := allow(authz, p, access.ObjApplication, access.ActReview); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return apperr.Forbidden("forbidden", "您没有权限审核入会申请")
		}
		return err
	}
	return nil
}
