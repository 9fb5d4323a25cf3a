package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminCouncilPath is the reviewers' 理事资料: the completed council materials.
const adminCouncilPath = "/admin/council"

// councilRoutes adds 完善理事资料 (members) and 理事资料 (reviewers, admin).
func (u *UI) councilRoutes(r Routes) {
	r.GET(councilPath, u.memberOnly(u.memberCouncilShow))
	r.POST(councilContactPath, u.protect(u.memberOnly(u.memberCouncilContact)))
	r.GET(councilFormsPath+":kind", u.memberOnly(u.memberCouncilForm))
	r.POST(councilFormsPath+":kind", u.protect(u.memberOnly(u.memberCouncilSave)))
	r.GET(councilViewPath+":id", u.memberOnly(u.memberCouncilView))
	r.GET(councilPDFPath+":id", u.memberOnly(u.memberCouncilPDF))

	staff := func(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
		return u.staffWith(access.ListCouncilForms, h)
	}
	r.GET(adminCouncilPath, staff(u.adminCouncilList))
	r.GET(adminCouncilPath+"/:id", staff(u.adminCouncilShow))
	r.GET(adminCouncilPath+"/:id/pdf", staff(func(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
		return u.councilPDF(w, req, sc.Session.Principal)
	}))
	r.POST(adminCouncilPath+"/:id/return", u.protect(staff(u.adminCouncilReturn)))
	r.POST(adminCouncilPath+"/:id/accept", u.protect(staff(u.adminCouncilAccept)))
}

// councilQueueView is the data of 理事资料.
type councilQueueView struct {
	Queue    query.CouncilQueueView
	Tabs     []queueTab
	PrevPage string
	NextPage string
}

// adminCouncilList is 理事资料: the tabs 待确认 / 已退回 / 已确认 / 草稿 with their
// counts and one page of the chosen one, most recently submitted first.
func (u *UI) adminCouncilList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q, err := u.app.Queries.CouncilQueue.Handle(req.Context(), query.CouncilQueue{Principal: sc.Session.Principal,
		Status: council.Status(req.URL.Query().Get("status")), Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := councilQueueView{Queue: q}
	for _, st := range council.Statuses() {
		v.Tabs = append(v.Tabs, queueTab{Label: st.Label(), Href: adminCouncilPath + "?status=" + string(st),
			Count: q.Counts[st], Active: st == q.Status})
	}
	pageLink := func(n int) string { return adminCouncilPath + "?status=" + string(q.Status) + "&page=" + itoa(n) }
	if q.Page > 1 {
		v.PrevPage = pageLink(q.Page - 1)
	}
	if q.Page < q.Pages {
		v.NextPage = pageLink(q.Page + 1)
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "council")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_council.html", p)
	return nil
}

// councilDetailView is the data of one form for the reviewers.
type councilDetailView struct {
	Sheet     councilSheetView
	Base      string
	CanReview bool
	Notice    string
}

// adminCouncilShow is one form: read-only, its PDF, 确认 and 退回 with a reason.
func (u *UI) adminCouncilShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, map[string]string{"returned": "已退回，会员将收到通知", "accepted": "已确认"})
	return u.renderCouncilDetail(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderCouncilDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	status int) error {
	v, err := u.app.Queries.CouncilForm.Handle(req.Context(), query.CouncilForm{Principal: sc.Session.Principal,
		FormID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := adminCouncilPath + "/" + v.Form.ID
	can, _ := u.app.Can(sc.Session.Principal, access.ReviewCouncilForm)
	p.Portal = u.staffPortal(sc, "council")
	p.Data = councilDetailView{Sheet: councilSheetOf(v, base+"/pdf"), Base: base,
		CanReview: can && v.Form.Status.Complete()}
	u.render(w, req, status, "admin_council_show.html", p)
	return nil
}

// adminCouncilReturn is 退回 with a reason.
func (u *UI) adminCouncilReturn(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("reason")
	err := u.app.Commands.ReviewCouncilForm.Return(req.Context(), command.ReturnCouncilForm{
		Principal: sc.Session.Principal, FormID: req.Param("id"), Reason: reason})
	return u.councilDecided(w, req, sc, err, "returned", reason)
}

// adminCouncilAccept is 确认.
func (u *UI) adminCouncilAccept(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	err := u.app.Commands.ReviewCouncilForm.Accept(req.Context(), command.AcceptCouncilForm{
		Principal: sc.Session.Principal, FormID: req.Param("id")})
	return u.councilDecided(w, req, sc, err, "accepted", "")
}

func (u *UI) councilDecided(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, err error, done,
	reason string) error {
	if err == nil {
		return redirectDone(w, req, adminCouncilPath+"/"+req.Param("id"), done)
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm().set("reason", reason)
	p.Form.fail(e)
	return u.renderCouncilDetail(w, req, sc, p, httpkit.Status(e.Kind))
}
