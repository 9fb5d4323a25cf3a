package webui

import (
	"bytes"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// advancePath is 申请借发票 (「先借发票再缴费」).
const advancePath = invoicesPath + "/advance"

// advanceView is the data of 申请借发票.
type advanceView struct {
	// Current is the advance requested or open, nil when none.
	Current *invoiceRow
	HasScan bool
	// Step is the tutorial's current step (1–4).
	Step        int
	Steps       []string
	CanRequest  bool
	DueText     string
	Individual  bool
	Kinds       []optionView
	Returned    *invoiceRow // the last advance finance returned, with its reason
	Accept      string
	FormPath    string
	PDFPath     string
	ScanPath    string
	ScanViewURL string
}

// Messages of 申请借发票 after a redirect.
var advanceNotices = map[string]string{
	"requested": "申请表已提交。请下载《提前开票申请》，盖章后扫描或拍照上传",
	"scan":      "盖章扫描件已上传，请等待财务开具发票",
}

// memberAdvanceShow is 申请借发票: 开票教程 beside the online form, then the
// download of the filled 《提前开票申请》 and the upload of its stamped scan.
func (u *UI) memberAdvanceShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, advanceNotices)
	return u.renderAdvance(w, req, mc, p, http.StatusOK)
}

func (u *UI) renderAdvance(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int) error {
	pr := mc.Session.Principal
	fv, err := u.app.Queries.FeePage.Handle(req.Context(), query.FeePage{Principal: pr})
	if err != nil {
		return u.showError(w, req, err)
	}
	iv, err := u.app.Queries.MemberInvoices.Handle(req.Context(), query.MemberInvoices{Principal: pr})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := advanceView{Steps: []string{"在线填写申请表", "在线提交数据", "下载《提前开票申请》后，盖章，扫描或拍照", "上传盖章扫描件"},
		Step: 1, CanRequest: fv.CanRequestAdvance, DueText: payment.Yuan(fv.AmountDueFen),
		Individual: iv.Kind == member.Individual, Accept: ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf",
		FormPath: advancePath}
	for _, r := range iv.Requests {
		if !r.IsAdvance() {
			continue
		}
		switch st := r.AdvanceState(); {
		case v.Current == nil && (st == invoice.AdvanceRequested || st == invoice.AdvanceOpen):
			row := u.invoiceRowOf(r, invoicesPath)
			v.Current, v.HasScan = &row, r.Advance().Scan.Present()
			base := advancePath + "/" + url.PathEscape(r.ID())
			v.PDFPath, v.ScanPath, v.ScanViewURL = base+"/pdf", base+"/scan", base+"/scan"
			v.Step = 3
			if v.HasScan || st == invoice.AdvanceOpen {
				v.Step = 4
			}
		case v.Returned == nil && r.State() == invoice.StateReturned && v.Current == nil:
			row := u.invoiceRowOf(r, invoicesPath)
			v.Returned = &row
		}
	}
	f := p.Form
	if _, kept := f.values["title"]; !kept {
		f.set("title", iv.Defaults.Title).set("tax_id", iv.Defaults.TaxID).set("email", iv.Defaults.Email).
			set("kind", string(iv.Defaults.Kind)).set("amount", payment.Yuan(fv.AmountDueFen)[len("¥"):])
	}
	for _, k := range invoice.Kinds() {
		v.Kinds = append(v.Kinds, optionView{Value: string(k), Label: k.Label(), Selected: f.Value("kind") == string(k)})
	}
	p.Portal = u.memberPortal(mc, "invoices")
	p.Data = v
	u.render(w, req, status, "member_advance.html", p)
	return nil
}

// memberAdvanceRequest is 「在线提交数据」: the online form.
func (u *UI) memberAdvanceRequest(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	f := newForm()
	d := invoiceDetailsForm(req, f)
	own := map[string][2]string{}
	amountText, dayText := req.PostFormValue("amount"), req.PostFormValue("expected_on")
	form := invoice.AdvanceForm{Reason: req.PostFormValue("reason"), Contact: req.PostFormValue("contact"),
		ContactPhone: req.PostFormValue("contact_phone")}
	for k, val := range map[string]string{"amount": amountText, "expected_on": dayText, "reason": form.Reason,
		"contact": form.Contact, "contact_phone": form.ContactPhone} {
		f.set(k, val)
	}
	fen, ok := parseYuan(amountText)
	if !ok {
		own["amount"] = [2]string{"amount_invalid", "请填写正确的开票金额（元）"}
	}
	day, ok := u.parseDay(dayText)
	if !ok {
		own["expected_on"] = [2]string{"date_invalid", "请填写正确的预计缴费日期"}
	}
	form.ExpectedOn = day
	var err error
	if len(own) == 0 {
		_, err = u.app.Commands.RequestAdvanceInvoice.Handle(req.Context(), command.RequestAdvanceInvoice{
			Principal: mc.Session.Principal, Details: d, Form: form, AmountFen: fen})
	}
	if err = fieldErrors(err, own); err != nil {
		return u.advanceFailed(w, req, mc, f, 0, err)
	}
	return redirectDone(w, req, advancePath, "requested")
}

// memberAdvanceScan is 「上传盖章扫描件」: one PNG, JPG or PDF of at most 10 MB.
func (u *UI) memberAdvanceScan(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	fh, status, err := uploadOf(req).singleFileOf(command.AdvanceScanField, "只能上传1个盖章扫描件")
	if err == nil {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		err = u.app.Commands.UploadAdvanceScan.Handle(req.Context(), command.UploadAdvanceScan{
			Principal: mc.Session.Principal, RequestID: req.Param("id"), FileName: fh.Filename, Content: file})
		_ = file.Close()
		status = 0
		if err == nil {
			return redirectDone(w, req, advancePath, "scan")
		}
	}
	return u.advanceFailed(w, req, mc, newForm(), status, err)
}

// memberAdvancePDF downloads the filled 《提前开票申请》.
func (u *UI) memberAdvancePDF(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	doc, err := u.app.Queries.AdvancePDF.Handle(u.docContext(req.Request), query.AdvancePDF{Principal: mc.Session.Principal,
		RequestID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "advance.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}

// memberAdvanceScanFile shows the member its uploaded scan.
func (u *UI) memberAdvanceScanFile(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.serveInvoiceFile(w, req, query.InvoiceFile{Principal: mc.Session.Principal, RequestID: req.Param("id"),
		Scan: true})
}

// advanceFailed re-renders 申请借发票 with the messages of a refused step.
func (u *UI) advanceFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, f *form, status int,
	err error) error {
	return u.refused(w, req, f, status, err, func(p *page, status int) error {
		return u.renderAdvance(w, req, mc, p, status)
	})
}
