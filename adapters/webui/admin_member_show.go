package webui

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
)

// memberDetailView is the data of one member in 会员管理.
type memberDetailView struct {
	Detail   query.MemberDetailView
	Payments []paymentRow
	BackURL  string
	// ScanURL and PDFURL open the stamped scan and the filled form (the
	// review pages' downloads), "" when the staff member may not open them.
	ScanURL string
	PDFURL  string
	// Help is the 账号协助 card (admin_member_help.go); nil when the staff
	// member's duty does not include it.
	Help *memberHelpView
}

// adminMemberShow is one member: every field of the account and the
// application, the files, payments, notifications sent and the timeline of
// what happened to it. The links to files lead to the downloads that exist
// (入会审核's scan and PDF, 缴费确认's vouchers), shown to the duties those
// pages are for.
func (u *UI) adminMemberShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id := req.Param("id")
	d, err := u.app.Queries.MemberDetail.Handle(req.Context(), query.MemberDetail{Principal: sc.Session.Principal,
		MemberID: id})
	if err != nil {
		return u.showError(w, req, err)
	}
	p := sc.Session.Principal
	review, _ := u.app.Can(p, access.ReviewApplication)
	finance, _ := u.app.Can(p, access.ConfirmPayment)
	v := memberDetailView{Detail: d, BackURL: adminMembersPath}
	if back := req.URL.Query().Get("back"); isMembersURL(back) {
		v.BackURL = back
	}
	if review && d.HasForm {
		base := adminAppsPath + "/" + url.PathEscape(id)
		v.PDFURL = base + "/pdf"
		if d.Application.Scan != nil {
			v.ScanURL = base + "/scan"
		}
	}
	paymentBase := ""
	if finance {
		paymentBase = adminPaymentsPath
	}
	for _, it := range d.Payments {
		v.Payments = append(v.Payments, u.paymentRowOf(it, paymentBase, paymentBase))
	}
	v.Help = u.memberHelp(w, req, sc, id)
	page := u.newPage(w, req, "")
	page.Portal = u.staffPortal(sc, "members")
	page.Data = v
	u.render(w, req, http.StatusOK, "admin_member.html", page)
	return nil
}

// isMembersURL reports whether a back link is a list of 会员管理 (and nothing
// else: no open redirect).
func isMembersURL(s string) bool {
	if s == adminMembersPath {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Path == adminMembersPath && len(s) > len(adminMembersPath) &&
		s[len(adminMembersPath)] == '?'
}
