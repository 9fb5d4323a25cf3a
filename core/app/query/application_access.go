package query

import (
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// allow asks the policy whether the principal's role may act on an object.
func allow(authz ports.Authorizer, p access.Principal, object, action string) error {
	return access.Require(authz, p, object, action, "您没有权限查看此内容")
}

// allowApplicationRead lets the owner or staff allowed to read applications see a
// member's application; another member is told it does not exist.
func allowApplicationRead(authz ports.Authorizer, p access.Principal, ownerID string) error {
	if err := access.CheckOwner(p, ownerID); err != nil {
		return err
	}
	return allow(authz, p, access.ObjApplication, access.ActRead)
}

// allowStaffRead lets only staff allowed to read applications in.
func allowStaffRead(authz ports.Authorizer, p access.Principal) error {
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限查看此内容")
	}
	return allow(authz, p, access.ObjApplication, access.ActRead)
}

// memberOf resolves the member a request is about: the principal's own record
// when memberID is empty.
func memberOf(p access.Principal, memberID string) string {
	if memberID == "" && p.IsMember() {
		return p.ID
	}
	return memberID
}
