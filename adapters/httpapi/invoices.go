package httpapi

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/internal/httpkit"
)

// invoiceJSON is one invoice request (schema Invoice).
type invoiceJSON struct {
	ID           string     `json:"id"`
	MemberID     string     `json:"member_id"`
	MemberName   string     `json:"member_name"`
	PaymentID    string     `json:"payment_id"`
	Advance      bool       `json:"advance"`
	AdvanceState string     `json:"advance_state"`
	State        string     `json:"state"`
	StateLabel   string     `json:"state_label"`
	AmountFen    int64      `json:"amount_fen"`
	Title        string     `json:"title"`
	TaxID        string     `json:"tax_id"`
	Kind         string     `json:"kind"`
	Email        string     `json:"email"`
	Number       string     `json:"number"`
	IssuedOn     string     `json:"issued_on"`
	HasFile      bool       `json:"has_file"`
	Reason       string     `json:"reason"`
	Replaces     string     `json:"replaces"`
	ExpectedOn   string     `json:"expected_on"`
	CreatedAt    time.Time  `json:"created_at"`
	Details      detailJSON `json:"details"`
}

// detailJSON are the 专票's fields (schema InvoiceDetails).
type detailJSON struct {
	Address string `json:"address"`
	Phone   string `json:"phone"`
	Bank    string `json:"bank"`
	Account string `json:"account"`
}

func newInvoiceJSON(r *invoice.Request) invoiceJSON {
	d, is := r.Details(), r.Issued()
	out := invoiceJSON{ID: r.ID(), MemberID: r.MemberID(), MemberName: r.MemberName(), PaymentID: r.PaymentID(),
		Advance: r.IsAdvance(), AdvanceState: string(r.AdvanceState()), State: string(r.State()),
		StateLabel: r.State().Label(), AmountFen: r.AmountFen(), Title: d.Title, TaxID: d.TaxID, Kind: string(d.Kind),
		Email: d.Email, Number: is.Number, HasFile: is.File.Present(), Reason: r.Reason(), Replaces: r.Replaces(),
		CreatedAt: r.Created().UTC(),
		Details:   detailJSON{Address: d.Address, Phone: d.Phone, Bank: d.Bank, Account: d.Account}}
	if !is.Date.IsZero() {
		out.IssuedOn = is.Date.Format(time.DateOnly)
	}
	if r.IsAdvance() {
		out.ExpectedOn = r.Advance().ExpectedOn.Format(time.DateOnly)
	}
	return out
}

func invoiceList(rs []*invoice.Request) []invoiceJSON {
	out := make([]invoiceJSON, 0, len(rs))
	for _, r := range rs {
		out = append(out, newInvoiceJSON(r))
	}
	return out
}

// openPaymentJSON is a confirmed payment without an invoice (schema InvoiceablePayment).
type openPaymentJSON struct {
	PaymentID string `json:"payment_id"`
	Purpose   string `json:"purpose"`
	PaidFen   int64  `json:"paid_fen"`
	PaidOn    string `json:"paid_on"`
}

// myInvoicesJSON is the member's 申请发票 (schema MyInvoices).
type myInvoicesJSON struct {
	Invoiceable []openPaymentJSON `json:"invoiceable"`
	Invoices    []invoiceJSON     `json:"invoices"`
}

// getMyInvoices is GET /me/invoices.
func (a *API) getMyInvoices(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.MemberInvoices.Handle(req.Context(), query.MemberInvoices{Principal: p})
	if err != nil {
		return err
	}
	out := myInvoicesJSON{Invoiceable: []openPaymentJSON{}, Invoices: invoiceList(v.Requests)}
	for _, pay := range v.Open {
		out.Invoiceable = append(out.Invoiceable, openPaymentJSON{PaymentID: pay.ID(), Purpose: string(pay.Purpose()),
			PaidFen: pay.PaidFen(), PaidOn: pay.PaidOn().Format(time.DateOnly)})
	}
	return a.ok(w, http.StatusOK, out)
}

// invoiceRequest is a member's request (schema InvoiceRequest).
type invoiceRequest struct {
	PaymentID string `json:"payment_id"`
	Title     string `json:"title"`
	TaxID     string `json:"tax_id"`
	Kind      string `json:"kind"`
	Address   string `json:"address"`
	Phone     string `json:"phone"`
	Bank      string `json:"bank"`
	Account   string `json:"account"`
	Email     string `json:"email"`
}

func (in invoiceRequest) details() invoice.Details {
	return invoice.Details{Title: in.Title, TaxID: in.TaxID, Kind: invoice.Kind(in.Kind), Address: in.Address,
		Phone: in.Phone, Bank: in.Bank, Account: in.Account, Email: in.Email}
}

// requestMyInvoice is POST /me/invoices: 申请发票 for a confirmed payment.
func (a *API) requestMyInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in invoiceRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id, err := a.app.Commands.RequestInvoice.Handle(req.Context(), command.RequestInvoice{Principal: p,
		PaymentID: in.PaymentID, Details: in.details()})
	if err != nil {
		return err
	}
	return a.myInvoice(w, req, p, id, http.StatusCreated)
}

// myInvoice answers with the member's request id.
func (a *API) myInvoice(w http.ResponseWriter, req bunrouter.Request, p access.Principal, id string, status int) error {
	v, err := a.app.Queries.MemberInvoices.Handle(req.Context(), query.MemberInvoices{Principal: p})
	if err != nil {
		return err
	}
	for _, r := range v.Requests {
		if r.ID() == id {
			return a.ok(w, status, newInvoiceJSON(r))
		}
	}
	return invoice.NotFoundError()
}

// withdrawMyInvoice is POST /me/invoices/{invoice_id}/withdraw.
func (a *API) withdrawMyInvoice(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	id := req.Param("invoice_id")
	if err := a.app.Commands.WithdrawInvoice.Handle(req.Context(), command.WithdrawInvoice{Principal: p,
		RequestID: id}); err != nil {
		return err
	}
	return a.myInvoice(w, req, p, id, http.StatusOK)
}

// advanceRequest is a member's 借发票 (schema AdvanceInvoiceRequest).
type advanceRequest struct {
	Title        string `json:"title"`
	TaxID        string `json:"tax_id"`
	Kind         string `json:"kind"`
	Address      string `json:"address"`
	Phone        string `json:"phone"`
	Bank         string `json:"bank"`
	Account      string `json:"account"`
	Email        string `json:"email"`
	AmountFen    int64  `json:"amount_fen"`
	Reason       string `json:"reason"`
	ExpectedOn   string `json:"expected_on"`
	Contact      string `json:"contact"`
	ContactPhone string `json:"contact_phone"`
}

// requestMyAdvance is POST /me/advance-invoices: 借发票 for the fee due.
func (a *API) requestMyAdvance(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in advanceRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	day, badDay := parseDay(in.ExpectedOn)
	d := invoiceRequest{Title: in.Title, TaxID: in.TaxID, Kind: in.Kind, Address: in.Address, Phone: in.Phone,
		Bank: in.Bank, Account: in.Account, Email: in.Email}.details()
	id, err := a.app.Commands.RequestAdvanceInvoice.Handle(req.Context(), command.RequestAdvanceInvoice{Principal: p,
		Details: d, AmountFen: in.AmountFen, Form: invoice.AdvanceForm{Reason: in.Reason, ExpectedOn: day,
			Contact: in.Contact, ContactPhone: in.ContactPhone}})
	if err != nil {
		if badDay {
			return replaceField(err, "expected_on", "date_invalid", "预计缴费日期格式应为 YYYY-MM-DD")
		}
		return err
	}
	return a.myInvoice(w, req, p, id, http.StatusCreated)
}

// parseDay reads YYYY-MM-DD; a malformed day is zero and reported.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, true
	}
	return t, false
}

// uploadMyAdvanceScan is POST /me/advance-invoices/{invoice_id}/scan: the
// stamped 《提前开票申请》 (PNG, JPG or PDF, ≤ 10 MB).
func (a *API) uploadMyAdvanceScan(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(p, access.RequestOwnInvoice); err != nil {
		return err // before the body is read
	}
	up, err := openUpload(w, req.Request, command.AdvanceScanField, "只能上传1个盖章扫描件")
	if err != nil {
		return err
	}
	defer up.Close()
	id := req.Param("invoice_id")
	if err := a.app.Commands.UploadAdvanceScan.Handle(req.Context(), command.UploadAdvanceScan{Principal: p,
		RequestID: id, FileName: up.Name, Content: up.File}); err != nil {
		return err
	}
	return a.myInvoice(w, req, p, id, http.StatusOK)
}

// getInvoiceFile is GET /invoices/{invoice_id}/file: the e-invoice, for its
// member or finance (another member's: 404).
func (a *API) getInvoiceFile(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	f, err := a.app.Queries.InvoiceFile.Handle(req.Context(), query.InvoiceFile{Principal: s.Principal,
		RequestID: req.Param("invoice_id")})
	if err != nil {
		return err
	}
	defer func() { _ = f.Body.Close() }()
	writeBinary(w, f.ContentType, httpkit.ContentDisposition("attachment", f.FileName, "invoice"), f.Size, f.Body)
	return nil
}

// getAdvancePDF is GET /invoices/{invoice_id}/advance-form: the filled
// 《提前开票申请》 as a PDF.
func (a *API) getAdvancePDF(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	doc, err := a.app.Queries.AdvancePDF.Handle(req.Context(), query.AdvancePDF{Principal: s.Principal,
		RequestID: req.Param("invoice_id")})
	if err != nil {
		return err
	}
	writeBinary(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "advance.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
	return nil
}
