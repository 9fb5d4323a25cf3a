package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// invoiceCountsJSON are the sizes of 发票管理's tabs (schema InvoiceCounts).
type invoiceCountsJSON struct {
	Pending        int `json:"pending"`
	Issued         int `json:"issued"`
	Returned       int `json:"returned"`
	AdvanceOpen    int `json:"advance_open"`
	AdvanceOverdue int `json:"advance_overdue"`
}

func newInvoiceCountsJSON(c ports.InvoiceCounts) invoiceCountsJSON {
	return invoiceCountsJSON{Pending: c.Pending, Issued: c.Issued, Returned: c.Returned, AdvanceOpen: c.AdvanceOpen,
		AdvanceOverdue: c.AdvanceOverdue}
}

// invoiceQueueJSON is one page of 发票管理 (schema InvoiceQueue).
type invoiceQueueJSON struct {
	Tab      string            `json:"tab"`
	Items    []invoiceJSON     `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
	Pages    int               `json:"pages"`
	Counts   invoiceCountsJSON `json:"counts"`
}

// listInvoices is GET /invoices: finance's queue, one tab (pending, issued,
// returned, advance, overdue) with every tab's count.
func (a *API) listInvoices(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	res, err := a.app.Queries.InvoiceQueue.Handle(req.Context(), query.InvoiceQueue{Principal: s.Principal,
		Tab: req.URL.Query().Get("tab"), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, invoiceQueueJSON{Tab: res.Tab, Items: invoiceList(res.Rows), Total: res.Total,
		Page: res.Page, PageSize: res.PageSize, Pages: res.Pages, Counts: newInvoiceCountsJSON(res.Counts)})
}

// invoiceDetailJSON is a request with its kept history (schema InvoiceDetail).
type invoiceDetailJSON struct {
	Invoice invoiceJSON   `json:"invoice"`
	History []invoiceJSON `json:"history"`
}

// getInvoice is GET /invoices/{invoice_id}.
func (a *API) getInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.invoiceOf(w, req, s.Principal, req.Param("invoice_id"), http.StatusOK)
}

func (a *API) invoiceOf(w http.ResponseWriter, req bunrouter.Request, p access.Principal, id string, status int) error {
	d, err := a.app.Queries.InvoiceDetail.Handle(req.Context(), query.InvoiceDetail{Principal: p, RequestID: id})
	if err != nil {
		return err
	}
	return a.ok(w, status, invoiceDetailJSON{Invoice: newInvoiceJSON(d.Request), History: invoiceList(d.History)})
}

// issueInvoice is POST /invoices/{invoice_id}/issue (multipart): number,
// date, amount_fen and the e-invoice file. A second issue is 409.
func (a *API) issueInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(s.Principal, access.IssueInvoice); err != nil {
		return err // before the body is read
	}
	up, err := openUpload(w, req.Request, command.InvoiceFileField, "只能上传1个电子发票文件")
	if err != nil {
		return err
	}
	defer up.Close()
	var v apperr.Validation
	amount, aerr := strconv.ParseInt(strings.TrimSpace(req.PostFormValue("amount_fen")), 10, 64)
	if aerr != nil {
		v.Add("amount", "amount_invalid", "开票金额应为整数（分）")
	}
	day, badDay := parseDay(req.PostFormValue("date"))
	if badDay {
		v.Add("date", "date_invalid", "开票日期格式应为 YYYY-MM-DD")
	}
	if err := v.Err(); err != nil {
		return err
	}
	id := req.Param("invoice_id")
	if err := a.app.Commands.IssueInvoice.Handle(req.Context(), command.IssueInvoice{Principal: s.Principal,
		RequestID: id, Number: req.PostFormValue("number"), Date: day, AmountFen: amount, FileName: up.Name,
		Content: up.File}); err != nil {
		return err
	}
	return a.invoiceOf(w, req, s.Principal, id, http.StatusOK)
}

// reasonRequest is a finance decision with a reason (schema InvoiceReason).
type reasonRequest struct {
	Reason string `json:"reason"`
}

// returnInvoice is POST /invoices/{invoice_id}/return.
func (a *API) returnInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	return a.withReason(w, req, func(p access.Principal, id, reason string) (string, error) {
		return id, a.app.Commands.ReturnInvoice.Handle(req.Context(), command.ReturnInvoice{Principal: p,
			RequestID: id, Reason: reason})
	})
}

// voidInvoice is POST /invoices/{invoice_id}/void (红冲): answers with the new
// pending request that re-issues it.
func (a *API) voidInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	return a.withReason(w, req, func(p access.Principal, id, reason string) (string, error) {
		return a.app.Commands.VoidInvoice.Handle(req.Context(), command.VoidInvoice{Principal: p, RequestID: id,
			Reason: reason})
	})
}

// writeOffAdvance is POST /invoices/{invoice_id}/write-off: an open advance
// closed without payment.
func (a *API) writeOffAdvance(w http.ResponseWriter, req bunrouter.Request) error {
	return a.withReason(w, req, func(p access.Principal, id, reason string) (string, error) {
		return id, a.app.Commands.WriteOffAdvance.Handle(req.Context(), command.WriteOffAdvance{Principal: p,
			RequestID: id, Reason: reason})
	})
}

// withReason decodes a reason, runs act and answers with the request it names.
func (a *API) withReason(w http.ResponseWriter, req bunrouter.Request,
	act func(p access.Principal, id, reason string) (string, error)) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in reasonRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id, err := act(s.Principal, req.Param("invoice_id"), in.Reason)
	if err != nil {
		return err
	}
	return a.invoiceOf(w, req, s.Principal, id, http.StatusOK)
}

// invoiceNoticeJSON is 申请发票's notice (schema InvoiceNotice).
type invoiceNoticeJSON struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// getInvoiceNotice is GET /settings/invoice-notice (admin).
func (a *API) getInvoiceNotice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	n, err := a.app.Queries.InvoiceNotice.Handle(req.Context(), query.InvoiceNotice{Principal: s.Principal})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, invoiceNoticeJSON{Title: n.Title, Body: n.Body})
}

// putInvoiceNotice is PUT /settings/invoice-notice: the admin's notice.
func (a *API) putInvoiceNotice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in invoiceNoticeJSON
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.UpdateInvoiceNotice.Handle(req.Context(), command.UpdateInvoiceNotice{
		Principal: s.Principal, Notice: invoice.Notice{Title: in.Title, Body: in.Body}}); err != nil {
		return err
	}
	return a.getInvoiceNotice(w, req)
}
