package webui

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

// memberDetailView is the data of one member in 会员管理.
type memberDetailView struct {
	Detail   query.MemberDetailView
	Payments []paymentRow
	// Money is the balance due after a partial payment and the refunds due
	// (the money cases), "" when none.
	Money   moneySummary
	BackURL string
	// ScanURL and PDFURL open the stamped scan and the filled form (the
	// review pages' downloads), "" when the staff member may not open them.
	ScanURL string
	PDFURL  string
	// Invoices are the member's invoice requests and advances (newest
	// changed first), nil when the staff member may not see invoices.
	Invoices     []invoiceRow
	ShowInvoices bool
	// Staff are the registry's staff changes offered on the page (编辑资料,
	// 调整级别, 暂停/恢复/退会; see admin_member_staff.go).
	Staff memberStaffView
	// Help is the 账号协助 card (admin_member_help.go); nil when the staff
	// member's duty does not include it.
	Help *memberHelpView
	// Contacts are an enterprise's contacts (联系人管理), the 第一联系人 first;
	// ShowContacts is false for individuals.
	Contacts     []contactRow
	ShowContacts bool
	// Portal is the member's council forms, submissions and card
	// (admin_member_portal.go).
	Portal memberPortalView
	// Head and Body are the page's content before and after the alerts,
	// written in Go from the fields above (admin_member_head.go and the files
	// it names).
	Head, Body template.HTML
}

// adminMemberShow is one member: every field of the account and the
// application, the files, payments, notifications sent and the timeline of
// what happened to it. The links to files lead to the downloads that exist
// (入会审核's scan and PDF, 缴费确认's vouchers), shown to the duties those
// pages are for.
func (u *UI) adminMemberShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	page := u.newPage(w, req, "")
	page.Notice = noticeFor(req, memberStaffNotices)
	return u.renderMemberDetail(w, req, sc, page, http.StatusOK)
}

// renderMemberDetail renders the member detail on page p (with a failed staff
// form's errors, status 4xx, or a notice).
func (u *UI) renderMemberDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, page *page,
	status int) error {
	id := req.Param("id")
	d, err := u.app.Queries.MemberDetail.Handle(req.Context(), query.MemberDetail{Principal: sc.Session.Principal,
		MemberID: id, BriefApplication: true})
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
	v.Money = moneySummaryOf(d.Payments)
	if err := u.memberInvoices(req, p, id, &v); err != nil {
		return u.showError(w, req, err)
	}
	if err := u.memberContacts(req, p, id, &v); err != nil {
		return u.showError(w, req, err)
	}
	if v.Portal, err = u.memberActivity(req, p, d); err != nil {
		return u.showError(w, req, err)
	}
	v.Staff = u.memberStaffOf(p, d.Account)
	v.Help = u.memberHelp(w, req, sc, &d.Account)
	page.Portal = u.staffPortal(sc, "members")
	v.Head, v.Body = memberDetailHead(&v, u.cfg.Location), memberDetailBody(&v, page.Form, page.CSRF, u.cfg.Location)
	page.Data = v
	u.render(w, req, status, "admin_member.html", page)
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

// memberInvoices adds the member's invoices and advances (the last 50) for
// staff who may see 发票管理.
func (u *UI) memberInvoices(req bunrouter.Request, p access.Principal, id string, v *memberDetailView) error {
	if ok, _ := u.app.Can(p, access.ListInvoices); !ok {
		return nil
	}
	q, err := u.app.Queries.InvoiceQueue.Handle(req.Context(), query.InvoiceQueue{Principal: p, MemberID: id,
		PageSize: 50})
	if err != nil {
		return err
	}
	v.ShowInvoices = true
	for _, r := range q.Rows {
		row := u.invoiceRowOf(r, adminInvoicesPath)
		row.Href = adminInvoicesPath + "/" + url.PathEscape(r.ID())
		v.Invoices = append(v.Invoices, row)
	}
	return nil
}

// memberContacts adds an enterprise's contacts (联系人管理).
func (u *UI) memberContacts(req bunrouter.Request, p access.Principal, id string, v *memberDetailView) error {
	cv, err := u.app.Queries.ContactList.Handle(req.Context(), query.ContactList{Principal: p, MemberID: id,
		Member: v.Detail.Member})
	if err != nil {
		return err
	}
	v.ShowContacts = v.Detail.Account.Kind == member.Enterprise
	for _, c := range cv.Contacts {
		v.Contacts = append(v.Contacts, contactRowOf(c))
	}
	return nil
}
