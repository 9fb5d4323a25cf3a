package webui

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/staff"
)

// memberCtx is what a member portal handler gets: the session and the dashboard
// the header and the pages show.
type memberCtx struct {
	Session auth.Session
	Token   string
	Dash    query.MemberDashboard
}

// staffCtx is what a back-office handler gets.
type staffCtx struct {
	Session auth.Session
	Token   string
	Staff   *staff.Staff

	// ctx is the request's, for the work-queue counts a rendered page shows
	// (loaded once, when first needed: redirects never count).
	ctx    context.Context
	queues *query.WorkQueuesView
}

// errNotAllowed is the refusal of a logged-in principal of the wrong kind or role.
var errNotAllowed = apperr.Forbidden("forbidden", "您当前登录的账号无权访问此页面")

// passwordPath is the one portal page a member who must change the password may
// open.
const passwordPath = "/member/password"

// memberOnly lets through a logged-in member whose role may read the portal; a
// guest goes to the login page, anybody else gets 403.
func (u *UI) memberOnly(h func(http.ResponseWriter, bunrouter.Request, *memberCtx) error) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		s, token, err := u.session(req)
		if err != nil {
			return u.showError(w, req, err)
		}
		if err := u.allowed(s.Principal, access.OpenMemberPortal); err != nil {
			return u.showError(w, req, err)
		}
		dash, err := u.app.Queries.MemberDashboard.Handle(req.Context(), s.Principal)
		if err != nil {
			return u.showError(w, req, err)
		}
		// A legacy member must change the imported password before anything else.
		if dash.MustChangePassword && req.URL.Path != passwordPath {
			return redirect(w, req, passwordPath)
		}
		return h(w, req, &memberCtx{Session: s, Token: token, Dash: dash})
	}
}

// staffOnly lets through a logged-in staff account whose role may read the back
// office.
func (u *UI) staffOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		s, token, err := u.session(req)
		if err != nil {
			return u.showError(w, req, err)
		}
		if err := u.allowed(s.Principal, access.OpenBackOffice); err != nil {
			return u.showError(w, req, err)
		}
		st, err := u.app.Queries.StaffProfile.Handle(req.Context(), s.Principal)
		if err != nil {
			return u.showError(w, req, err)
		}
		return h(w, req, &staffCtx{Session: s, Token: token, Staff: st, ctx: req.Context()})
	}
}

// allowed asks the core whether the principal may take the action (a page's
// duty); any refusal is errNotAllowed.
func (u *UI) allowed(p access.Principal, a access.Action) error {
	ok, err := u.app.Can(p, a)
	if err != nil {
		return err
	}
	if !ok {
		return errNotAllowed
	}
	return nil
}

// memberPortal builds the portal header and menu of a member page.
func (u *UI) memberPortal(mc *memberCtx, active string) *portal {
	d := mc.Dash
	number := "会员编号: 审核通过后分配"
	if d.Number != "" {
		number = "会员编号: " + d.Number
	}
	menu := memberLinks(u.menus.links(d.Role, active), d.Step != 0, d.Number != "")
	return &portal{
		Title: "会员系统", HomeURL: "/member", LogoutURL: "/logout",
		Account: d.Name, NumberText: number, Unread: d.UnreadNotifications, Member: true,
		Unverified: !d.EmailVerified, Email: d.Email, Menu: menu, MenuLabel: "会员菜单",
	}
}

// staffPortal builds the back office's header and menu, with the badges of the
// work queues. Counting them is one query; should it fail the menu shows no
// badges rather than take the page down.
func (u *UI) staffPortal(sc *staffCtx, active string) *portal {
	menu := u.menus.links(sc.Staff.Role(), active)
	if q, err := u.workQueues(sc); err == nil {
		menu = withCounts(menu, q)
	} else {
		httpmw.Logger(sc.ctx, u.log).Warn("count work queues", "err", err)
	}
	return &portal{
		Title: "管理后台", HomeURL: "/admin", LogoutURL: "/admin/logout",
		Account: sc.Staff.DisplayName(), NumberText: sc.Staff.Role().Label(),
		Menu: menu, MenuLabel: "管理菜单",
	}
}

// workQueues returns the staff member's work queues with their sizes, counted
// once per request (the home page and the menu share them).
func (u *UI) workQueues(sc *staffCtx) (query.WorkQueuesView, error) {
	if sc.queues != nil {
		return *sc.queues, nil
	}
	ctx := sc.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	q, err := u.app.Queries.WorkQueues.Handle(ctx, query.WorkQueues{Principal: sc.Session.Principal})
	if err != nil {
		return query.WorkQueuesView{}, err
	}
	sc.queues = &q
	return q, nil
}

// reviewerOnly is staffOnly for the review pages (入会审核): the role must be
// allowed to review applications (reviewer, admin); finance and secretariat get
// 403.
func (u *UI) reviewerOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffWith(access.ReviewApplication, h)
}

// staffWith is staffOnly for pages of one duty: the core must allow the action
// (finance: ConfirmPayment; secretariat: ApproveMembership; admin:
// ManageSettings), anybody else gets 403.
func (u *UI) staffWith(a access.Action, h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffOnly(func(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
		if err := u.allowed(sc.Session.Principal, a); err != nil {
			return u.showError(w, req, err)
		}
		return h(w, req, sc)
	})
}

// financeOnly lets through staff who may confirm payments (finance, admin).
func (u *UI) financeOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffWith(access.ConfirmPayment, h)
}

// secretariatOnly lets through staff who may approve memberships (secretariat,
// admin).
func (u *UI) secretariatOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffWith(access.ApproveMembership, h)
}

// adminOnly lets through staff who manage the association's settings (admin).
func (u *UI) adminOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffWith(access.ManageSettings, h)
}
