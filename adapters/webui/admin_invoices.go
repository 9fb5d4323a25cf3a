package webui

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminInvoicesPath is finance's 发票管理.
const adminInvoicesPath = "/admin/invoices"

// invoiceFileAccept is what the e-invoice input offers.
const invoiceFileAccept = ".pdf,.ofd,.xml,application/pdf,application/ofd,application/xml,text/xml"

// invoiceQueueView is the data of 发票管理.
type invoiceQueueView struct {
	// NoticeURL edits 申请发票's notice ("" for staff who may not).
	NoticeURL string
	Tabs      []queueTab
	Tab       string
	// Empty is what the tab says when it has nothing.
	Empty    string
	Rows     []invoiceRow
	Queue    query.InvoiceQueuePage
	PrevPage string
	NextPage string
}

// invoiceEmpty is what a tab says when it has nothing.
func invoiceEmpty(tab string) string {
	switch tab {
	case query.InvoiceTabIssued:
		return "还没有已开具的发票。"
	case query.InvoiceTabReturned:
		return "没有被退回的开票申请。"
	case query.InvoiceTabAdvance:
		return "没有未回款的借发票：借出的发票在会费到账后自动核销。"
	case query.InvoiceTabOverdue:
		return "没有逾期未回款的借发票。"
	}
	return "没有待开票的申请。会员在「申请发票」或「申请借发票」提交后，会出现在这里。"
}

// adminInvoicesList is 发票管理: 待开票 / 已开票 / 已退回 / 借票未回款 (and of
// those the overdue), each with its count.
func (u *UI) adminInvoicesList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q, err := u.app.Queries.InvoiceQueue.Handle(req.Context(), query.InvoiceQueue{Principal: sc.Session.Principal,
		Tab: req.URL.Query().Get("tab"), Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := invoiceQueueView{Tab: q.Tab, Queue: q, Empty: invoiceEmpty(q.Tab)}
	if ok, _ := u.app.Can(sc.Session.Principal, access.ManageSettings); ok {
		v.NoticeURL = adminInvoiceNoticePath
	}
	c := q.Counts
	for _, t := range []struct {
		tab, label string
		count      int
	}{{query.InvoiceTabPending, "待开票", c.Pending}, {query.InvoiceTabIssued, "已开票", c.Issued},
		{query.InvoiceTabReturned, "已退回", c.Returned}, {query.InvoiceTabAdvance, "借票未回款", c.AdvanceOpen},
		{query.InvoiceTabOverdue, "逾期未回款", c.AdvanceOverdue}} {
		v.Tabs = append(v.Tabs, queueTab{Label: t.label, Href: adminInvoicesPath + "?tab=" + t.tab, Count: t.count,
			Active: t.tab == q.Tab})
	}
	for _, r := range q.Rows {
		row := u.invoiceRowOf(r, adminInvoicesPath)
		row.Href = adminInvoicesPath + "/" + url.PathEscape(r.ID())
		v.Rows = append(v.Rows, row)
	}
	v.PrevPage, v.NextPage = queueLinks(q.Page, q.Pages, func(n int) string {
		return adminInvoicesPath + "?tab=" + q.Tab + "&page=" + strconv.Itoa(n)
	})
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "invoices")
	p.Data = v
	p.Export = u.exportBarFor(sc, query.ExportListInvoices, url.Values{"tab": {q.Tab}})
	u.render(w, req, http.StatusOK, "admin_invoices.html", p)
	return nil
}

// invoiceDetailView is the data of one request's page.
type invoiceDetailView struct {
	Row      invoiceRow
	Detail   query.InvoiceDetailView
	Payment  *paymentRow
	History  []invoiceRow
	Base     string
	BackURL  string
	Accept   string
	CanIssue bool
	Special  bool
	// Open is an issued advance not yet paid (finance may write it off).
	Open    bool
	HasScan bool
}

// Messages of a request's page after a redirect.
var invoiceNotices = map[string]string{
	"issued":      "发票已开具，已通知会员并发送邮件",
	"returned":    "开票申请已退回，已通知会员",
	"voided":      "发票已红冲作废，已生成重新开票申请",
	"written_off": "借发票已核销",
}

// adminInvoiceShow is one request with its payment and the forms to issue,
// return or void it.
func (u *UI) adminInvoiceShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm().set("date", u.today().Format("2006-01-02"))
	p.Notice = noticeFor(req, invoiceNotices)
	return u.renderInvoiceDetail(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderInvoiceDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	id := req.Param("id")
	d, err := u.app.Queries.InvoiceDetail.Handle(req.Context(), query.InvoiceDetail{Principal: sc.Session.Principal,
		RequestID: id})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := adminInvoicesPath + "/" + url.PathEscape(id)
	v := invoiceDetailView{Row: u.invoiceRowOf(d.Request, adminInvoicesPath), Detail: d, Base: base,
		BackURL: adminInvoicesPath, Accept: invoiceFileAccept, Special: d.Request.Details().Kind == "special"}
	v.CanIssue, _ = u.app.Can(sc.Session.Principal, access.IssueInvoice)
	v.Open = d.Request.AdvanceState() == invoice.AdvanceOpen
	v.HasScan = d.Request.Advance().Scan.Present()
	if pay := d.Payment; pay != nil {
		r := paymentRow{Created: u.minute(pay.Created()), Href: adminPaymentsPath + "/" + url.PathEscape(pay.ID())}
		r.PurposeLabel, r.MethodLabel, r.AmountText = pay.Purpose().Label(), pay.Method().Label(), payment.YuanTable(pay.AmountFen())
		r.StatusLabel = pay.Status().Label()
		if !pay.PaidOn().IsZero() {
			r.PaidOn, r.PaidText = calendarDay(pay.PaidOn()), payment.Yuan(pay.PaidFen())
		}
		v.Payment = &r
	}
	for _, o := range d.History {
		row := u.invoiceRowOf(o, adminInvoicesPath)
		row.Href = adminInvoicesPath + "/" + url.PathEscape(o.ID())
		v.History = append(v.History, row)
	}
	if _, kept := p.Form.values["amount"]; !kept {
		p.Form.set("amount", payment.Yuan(d.Request.AmountFen())[len("¥"):])
	}
	p.Portal = u.staffPortal(sc, "invoices")
	p.Data = v
	u.render(w, req, status, "admin_invoice.html", p)
	return nil
}

// adminInvoiceIssue is 「开具发票」: number, date, amount and the e-invoice file.
func (u *UI) adminInvoiceIssue(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	number, dayText, amountText := req.PostFormValue("number"), req.PostFormValue("date"), req.PostFormValue("amount")
	f := newForm().set("number", number).set("date", dayText).set("amount", amountText)
	own := map[string][2]string{}
	fen, ok := parseYuan(amountText)
	if !ok {
		own["amount"] = [2]string{"amount_invalid", "请填写正确的开票金额（元），如 5000 或 5000.00"}
	}
	day, ok := u.parseDay(dayText)
	if !ok {
		own["date"] = [2]string{"date_invalid", "请填写正确的开票日期"}
	}
	fh, status, err := uploadOf(req).singleFileOf(command.InvoiceFileField, "只能上传1个电子发票文件")
	if err == nil && len(own) == 0 {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		err = u.app.Commands.IssueInvoice.Handle(req.Context(), command.IssueInvoice{Principal: sc.Session.Principal,
			RequestID: req.Param("id"), Number: number, Date: day, AmountFen: fen, FileName: fh.Filename,
			Content: file})
		_ = file.Close()
		status = 0
	}
	if err = fieldErrors(err, own); err != nil {
		return u.invoiceDecisionFailed(w, req, sc, f, status, err)
	}
	return redirectDone(w, req, adminInvoicesPath+"/"+url.PathEscape(req.Param("id")), "issued")
}

// adminInvoiceReturn is 「退回」 with the reason the member sees.
func (u *UI) adminInvoiceReturn(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("reason")
	err := u.app.Commands.ReturnInvoice.Handle(req.Context(), command.ReturnInvoice{Principal: sc.Session.Principal,
		RequestID: req.Param("id"), Reason: reason})
	if err != nil {
		return u.invoiceDecisionFailed(w, req, sc, newForm().set("reason", reason), 0, err)
	}
	return redirectDone(w, req, adminInvoicesPath+"/"+url.PathEscape(req.Param("id")), "returned")
}

// adminInvoiceVoid is 「红冲」: the invoice is voided and a new request
// re-issues it; the page of the new request opens.
func (u *UI) adminInvoiceVoid(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("void_reason")
	next, err := u.app.Commands.VoidInvoice.Handle(req.Context(), command.VoidInvoice{Principal: sc.Session.Principal,
		RequestID: req.Param("id"), Reason: reason})
	if err != nil {
		if e := apperr.As(err); e.Kind == apperr.KindInvalid && len(e.Fields) > 0 {
			err = fieldErrors(nil, map[string][2]string{"void_reason": {"required", e.Fields[0].Message}})
		}
		return u.invoiceDecisionFailed(w, req, sc, newForm().set("void_reason", reason), 0, err)
	}
	return redirectDone(w, req, adminInvoicesPath+"/"+url.PathEscape(next), "voided")
}

// adminInvoiceFile downloads a request's e-invoice.
func (u *UI) adminInvoiceFile(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.serveInvoiceFile(w, req, query.InvoiceFile{Principal: sc.Session.Principal, RequestID: req.Param("id")})
}

// invoiceDecisionFailed re-renders the request with why a decision was
// refused: field errors or a conflict (handled meanwhile).
func (u *UI) invoiceDecisionFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form, status int,
	err error) error {
	return u.refused(w, req, f, status, err, func(p *page, status int) error {
		return u.renderInvoiceDetail(w, req, sc, p, status)
	})
}

// adminAdvanceScan shows an advance's stamped 《提前开票申请》.
func (u *UI) adminAdvanceScan(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f, err := u.app.Queries.InvoiceFile.Handle(req.Context(), query.InvoiceFile{Principal: sc.Session.Principal,
		RequestID: req.Param("id"), Scan: true})
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = f.Body.Close() }()
	return writeFile(w, f.ContentType, httpkit.ContentDisposition("inline", f.FileName, "scan"), f.Size, f.Body)
}

// adminAdvancePDF downloads an advance's filled 《提前开票申请》.
func (u *UI) adminAdvancePDF(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	doc, err := u.app.Queries.AdvancePDF.Handle(u.docContext(req.Request), query.AdvancePDF{Principal: sc.Session.Principal,
		RequestID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "advance.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}

// adminAdvanceWriteOff is 「核销」 of an open advance without payment.
func (u *UI) adminAdvanceWriteOff(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("write_off_reason")
	err := u.app.Commands.WriteOffAdvance.Handle(req.Context(), command.WriteOffAdvance{
		Principal: sc.Session.Principal, RequestID: req.Param("id"), Reason: reason})
	if err != nil {
		if e := apperr.As(err); e.Kind == apperr.KindInvalid && len(e.Fields) > 0 {
			err = fieldErrors(nil, map[string][2]string{"write_off_reason": {"required", e.Fields[0].Message}})
		}
		return u.invoiceDecisionFailed(w, req, sc, newForm().set("write_off_reason", reason), 0, err)
	}
	return redirectDone(w, req, adminInvoicesPath+"/"+url.PathEscape(req.Param("id")), "written_off")
}
