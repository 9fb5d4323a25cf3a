package webui

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// applicationDetailView is the data of one application in the back office.
type applicationDetailView struct {
	Detail    query.ApplicationDetailView
	Base      string // /admin/applications/<id>
	ScanURL   string // empty when no scan was uploaded
	PDFURL    string // empty while the form is incomplete
	BackURL   string
	ScanAlt   string
	ScanSize  string
	Decisions bool // the approve and reject forms are shown
}

// Messages after a decision.
var decisionNotices = map[string]string{
	"approved": "已审核通过，会员号已分配，系统已通知该会员",
	"rejected": "已退回该入会申请，系统已将退回原因通知该会员",
}

// adminApplicationShow is one application: every field, the stamped scan inline,
// the PDF, and the forms 「审核通过」 and 「退回」 (with a reason).
func (u *UI) adminApplicationShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, decisionNotices)
	return u.renderApplicationDetail(w, req, sc, p, http.StatusOK)
}

// renderApplicationDetail loads the application of the :id parameter and renders
// its page with p's form (a refused reason) and the status.
func (u *UI) renderApplicationDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	id := req.Param("id")
	d, err := u.app.Queries.ApplicationDetail.Handle(req.Context(), query.ApplicationDetail{
		Principal: sc.Session.Principal, MemberID: id})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := adminAppsPath + "/" + url.PathEscape(id)
	v := applicationDetailView{Detail: d, Base: base, BackURL: adminAppsPath + "?status=" + string(d.Status),
		Decisions: d.CanReview}
	if d.Scan != nil {
		v.ScanURL = base + "/scan"
		v.ScanAlt = fmt.Sprintf("%s 的盖章入会申请表扫描件", d.AccountName)
		v.ScanSize = sizeText(d.Scan.Size)
	}
	if d.FormComplete {
		v.PDFURL = base + "/pdf"
	}
	p.Portal = u.staffPortal(sc, "applications")
	p.Data = v
	u.render(w, req, status, "admin_application.html", p)
	return nil
}

// adminApplicationScan serves the stamped scan to staff (the picture on the
// detail page).
func (u *UI) adminApplicationScan(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.serveScan(w, req, sc.Session.Principal, req.Param("id"))
}

// adminApplicationPDF serves the filled form as a PDF to staff.
func (u *UI) adminApplicationPDF(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.servePDF(w, req, sc.Session.Principal, req.Param("id"))
}

// adminApplicationApprove is 「审核通过」: the member number is assigned and the
// member notified. Approving twice shows the conflict on the page.
func (u *UI) adminApplicationApprove(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	_, err := u.app.Commands.ApproveApplication.Handle(req.Context(), command.ApproveApplication{
		Principal: sc.Session.Principal, MemberID: req.Param("id")})
	if err != nil {
		return u.decisionFailed(w, req, sc, err)
	}
	return redirectDone(w, req, adminAppsPath+"/"+url.PathEscape(req.Param("id")), "approved")
}

// adminApplicationReject is 「退回」 with the reason the member sees.
func (u *UI) adminApplicationReject(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("reason")
	err := u.app.Commands.RejectApplication.Handle(req.Context(), command.RejectApplication{
		Principal: sc.Session.Principal, MemberID: req.Param("id"), Reason: reason})
	if err != nil {
		p := u.newPage(w, req, "")
		p.Form = newForm().set("reason", reason)
		return u.decisionFailedWith(w, req, sc, p, err)
	}
	return redirectDone(w, req, adminAppsPath+"/"+url.PathEscape(req.Param("id")), "rejected")
}

// decisionFailed re-renders the detail page with the reason a decision was
// refused: a field error (the reject reason) or a conflict (decided already).
func (u *UI) decisionFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, err error) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	return u.decisionFailedWith(w, req, sc, p, err)
}

func (u *UI) decisionFailedWith(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p.Form.fail(e)
	return u.renderApplicationDetail(w, req, sc, p, httpkit.Status(e.Kind))
}
