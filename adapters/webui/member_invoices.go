package webui

import (
	"net/http"
	"net/url"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// Paths of 申请发票.
const (
	invoicesPath         = "/member/invoices"
	invoicesRequestPath  = invoicesPath + "/request"
	invoicesWithdrawPath = invoicesPath + "/withdraw"
)

// invoicesView is the data of 申请发票.
type invoicesView struct {
	NoticeTitle string
	NoticeBody  []string
	Individual  bool
	// Open are the confirmed payments without an invoice (已缴会费开票).
	Open []openPaymentRow
	// Selected is the payment the form asks for.
	Selected string
	Kinds    []optionView
	Requests []invoiceRow
	// SampleTitle is the title the 查看发票样式 sample shows.
	SampleTitle string
	RequestPath string
	WithdrawURL string
}

// openPaymentRow is a confirmed payment that has no invoice yet.
type openPaymentRow struct {
	ID, PurposeLabel, MethodLabel, PaidOn, Amount string
}

// invoiceRow is one request as the member's page and finance's queue show it.
type invoiceRow struct {
	ID, Title, TaxID, KindLabel, Amount, StateLabel, State string
	Created, Number, IssuedOn, Reason, Email, MemberName   string
	Download, Href                                         string
	Pending, Advance, Overdue                              bool
	AdvanceLabel, ExpectedOn                               string
}

// Messages of 申请发票 after a redirect.
var invoicesNotices = map[string]string{
	"requested": "开票申请已提交，财务开具后将通过邮件发送电子发票，也可在本页下载",
	"withdrawn": "开票申请已撤回",
}

// invoiceRowOf formats a request; fileBase is the URL prefix of its file.
func (u *UI) invoiceRowOf(r *invoice.Request, fileBase string) invoiceRow {
	d := r.Details()
	row := invoiceRow{ID: r.ID(), Title: d.Title, TaxID: d.TaxID, KindLabel: d.Kind.Label(),
		Amount: payment.YuanTable(r.AmountFen()), StateLabel: r.State().Label(), State: string(r.State()),
		Created: u.minute(r.Created()), Reason: r.Reason(), Email: d.Email, MemberName: r.MemberName(),
		Pending: r.State() == invoice.StatePending, Advance: r.IsAdvance()}
	if is := r.Issued(); is.File.Present() {
		row.Number, row.IssuedOn = is.Number, calendarDay(is.Date)
		row.Download = fileBase + "/" + url.PathEscape(r.ID()) + "/file"
	}
	if r.IsAdvance() {
		row.AdvanceLabel = r.AdvanceState().Label()
		row.ExpectedOn = calendarDay(r.Advance().ExpectedOn)
		row.Overdue = r.Overdue(u.today())
	}
	return row
}

// memberInvoicesShow is 申请发票: the notice, 已缴会费开票 with the form, and the
// member's requests with their files.
func (u *UI) memberInvoicesShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, invoicesNotices)
	return u.renderInvoices(w, req, mc, p, http.StatusOK, req.URL.Query().Get("payment"))
}

// renderInvoices renders 申请发票 with p's form (kept values and messages);
// selected is the payment the form asks for ("" the newest).
func (u *UI) renderInvoices(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int,
	selected string) error {
	iv, err := u.app.Queries.MemberInvoices.Handle(req.Context(), query.MemberInvoices{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := invoicesView{NoticeTitle: iv.Notice.TitleFor(iv.NoticeYear), NoticeBody: iv.Notice.Paragraphs(),
		Individual: iv.Kind == member.Individual, RequestPath: invoicesRequestPath, WithdrawURL: invoicesWithdrawPath,
		SampleTitle: iv.Defaults.Title}
	for _, pay := range iv.Open {
		v.Open = append(v.Open, openPaymentRow{ID: pay.ID(), PurposeLabel: pay.Purpose().Label(),
			MethodLabel: pay.Method().Label(), PaidOn: calendarDay(pay.PaidOn()), Amount: payment.YuanTable(pay.PaidFen())})
		if pay.ID() == selected {
			v.Selected = selected
		}
	}
	if v.Selected == "" && len(v.Open) > 0 {
		v.Selected = v.Open[0].ID
	}
	for _, r := range iv.Requests {
		v.Requests = append(v.Requests, u.invoiceRowOf(r, invoicesPath))
	}
	f := p.Form
	if _, kept := f.values["title"]; !kept {
		f.set("title", iv.Defaults.Title).set("tax_id", iv.Defaults.TaxID).set("email", iv.Defaults.Email).
			set("kind", string(iv.Defaults.Kind))
	}
	if t := f.Value("title"); t != "" {
		v.SampleTitle = t
	}
	for _, k := range invoice.Kinds() {
		v.Kinds = append(v.Kinds, optionView{Value: string(k), Label: k.Label(), Selected: f.Value("kind") == string(k)})
	}
	p.Portal = u.memberPortal(mc, "invoices")
	p.Data = v
	u.render(w, req, status, "member_invoices.html", p)
	return nil
}

// invoiceDetailsForm reads the fields of an invoice form and keeps them in f.
func invoiceDetailsForm(req bunrouter.Request, f *form) invoice.Details {
	names := []string{"title", "tax_id", "kind", "address", "phone", "bank", "account", "email"}
	vals := make(map[string]string, len(names))
	for _, n := range names {
		vals[n] = req.PostFormValue(n)
		f.set(n, vals[n])
	}
	return invoice.Details{Title: vals["title"], TaxID: vals["tax_id"], Kind: invoice.Kind(vals["kind"]),
		Address: vals["address"], Phone: vals["phone"], Bank: vals["bank"], Account: vals["account"],
		Email: vals["email"]}
}

// memberInvoicesRequest is 「提交」: the request for one confirmed payment.
func (u *UI) memberInvoicesRequest(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	f := newForm()
	d := invoiceDetailsForm(req, f)
	pid := req.PostFormValue("payment_id")
	_, err := u.app.Commands.RequestInvoice.Handle(req.Context(), command.RequestInvoice{
		Principal: mc.Session.Principal, PaymentID: pid, Details: d})
	if err != nil {
		return u.invoicesFailed(w, req, mc, f, pid, err)
	}
	return redirectDone(w, req, invoicesPath, "requested")
}

// memberInvoicesWithdraw is 「撤回」 of a pending request.
func (u *UI) memberInvoicesWithdraw(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.WithdrawInvoice.Handle(req.Context(), command.WithdrawInvoice{
		Principal: mc.Session.Principal, RequestID: req.PostFormValue("id")})
	if err != nil {
		return u.invoicesFailed(w, req, mc, newForm(), "", err)
	}
	return redirectDone(w, req, invoicesPath, "withdrawn")
}

// invoicesFailed re-renders 申请发票 with the messages of a refused request.
func (u *UI) invoicesFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, f *form, pid string,
	err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = f
	p.Form.fail(e)
	return u.renderInvoices(w, req, mc, p, httpkit.Status(e.Kind), pid)
}

// memberInvoiceFile downloads the member's own e-invoice; another member's is
// 404.
func (u *UI) memberInvoiceFile(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.serveInvoiceFile(w, req, query.InvoiceFile{Principal: mc.Session.Principal, RequestID: req.Param("id")})
}

// serveInvoiceFile sends an e-invoice as an attachment.
func (u *UI) serveInvoiceFile(w http.ResponseWriter, req bunrouter.Request, q query.InvoiceFile) error {
	f, err := u.app.Queries.InvoiceFile.Handle(req.Context(), q)
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = f.Body.Close() }()
	return writeFile(w, f.ContentType, httpkit.ContentDisposition("attachment", f.FileName, "invoice"), f.Size, f.Body)
}

// today is the association's calendar day as midnight UTC, the way the core
// keeps days.
func (u *UI) today() time.Time {
	y, m, d := u.now().In(u.cfg.Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
