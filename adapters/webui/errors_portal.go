package webui

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/domain/access"
)

// errorPortal is the portal header and menu an error page of the member portal
// or the back office keeps (issue 16): a logged-in member or staff account that
// is refused a page, or asks for one that does not exist, stays in its own
// layout with its menu and a way back. Nil for visitors, public pages, server
// errors and whenever the portal itself cannot be built.
func (u *UI) errorPortal(req bunrouter.Request, status int) *portal {
	path := req.URL.Path
	inPortal := strings.HasPrefix(path, "/member") || strings.HasPrefix(path, "/admin")
	if status >= http.StatusInternalServerError || !inPortal {
		return nil
	}
	s, ok := u.optionalSession(req)
	if !ok {
		return nil
	}
	ctx := req.Context()
	switch {
	case s.Principal.IsMember():
		if u.allowed(s.Principal, access.OpenMemberPortal) != nil {
			return nil
		}
		dash, err := u.app.Queries.MemberDashboard.Handle(ctx, s.Principal)
		if err != nil {
			return nil
		}
		return u.memberPortal(&memberCtx{Session: s, Dash: dash}, "")
	case s.Principal.IsStaff():
		if u.allowed(s.Principal, access.OpenBackOffice) != nil {
			return nil
		}
		st, err := u.app.Queries.StaffProfile.Handle(ctx, s.Principal)
		if err != nil {
			return nil
		}
		return u.staffPortal(&staffCtx{Session: s, Staff: st, ctx: ctx}, "")
	}
	return nil
}
