package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminInvoiceNoticePath is where the admin edits the notice of 申请发票.
const adminInvoiceNoticePath = "/admin/settings/invoice-notice"

// adminInvoiceNoticeShow is the notice's form, filled with the one in force.
func (u *UI) adminInvoiceNoticeShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	n, err := u.app.Queries.InvoiceNotice.Handle(req.Context(), query.InvoiceNotice{Principal: sc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm().set("title", n.Title).set("body", n.Body)
	if req.URL.Query().Get("done") == "saved" {
		p.Notice = "已保存，会员的「申请发票」页即显示新的说明"
	}
	return u.renderInvoiceNotice(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderInvoiceNotice(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	p.Portal = u.staffPortal(sc, "invoices")
	p.Data = struct{ Action, YearMark string }{adminInvoiceNoticePath, invoice.NoticeYearMark}
	u.render(w, req, status, "admin_invoice_notice.html", p)
	return nil
}

// adminInvoiceNoticeSubmit saves the notice (audited).
func (u *UI) adminInvoiceNoticeSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	n := invoice.Notice{Title: req.PostFormValue("title"), Body: req.PostFormValue("body")}
	err := u.app.Commands.UpdateInvoiceNotice.Handle(req.Context(), command.UpdateInvoiceNotice{
		Principal: sc.Session.Principal, Notice: n})
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid {
			return u.showError(w, req, err)
		}
		p := u.newPage(w, req, "")
		p.Form = newForm().set("title", n.Title).set("body", n.Body)
		p.Form.fail(e)
		return u.renderInvoiceNotice(w, req, sc, p, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminInvoiceNoticePath, "saved")
}
