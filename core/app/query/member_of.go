package query

import "github.com/openassoc/membership/core/domain/access"

// memberOf resolves the member a request is about: the principal's own record
// when memberID is empty.
func memberOf(p access.Principal, memberID string) string {
	if memberID == "" && p.IsMember() {
		return p.ID
	}
	return memberID
}
