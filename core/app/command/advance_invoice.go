package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// RequestAdvanceInvoice is a member's 借发票 (「先借发票再缴费」): the invoice
// details, the online form, and the amount, which must be the fee due.
type RequestAdvanceInvoice struct {
	Principal access.Principal
	Details   invoice.Details
	Form      invoice.AdvanceForm
	AmountFen int64
}

// RequestAdvanceInvoiceHandler files advance requests.
type RequestAdvanceInvoiceHandler struct{ p InvoicePorts }

// NewRequestAdvanceInvoiceHandler builds the handler.
func NewRequestAdvanceInvoiceHandler(p InvoicePorts) *RequestAdvanceInvoiceHandler {
	return &RequestAdvanceInvoiceHandler{p: p}
}

// Handle files the advance and returns its id. The member must owe a fee now
// (approved and unpaid, or due for renewal) and have no advance requested or
// open already; the amount must be the fee due. Nothing is stored from a
// refused request.
func (h *RequestAdvanceInvoiceHandler) Handle(ctx context.Context, cmd RequestAdvanceInvoice) (string, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInvoice, pr.ID); err != nil {
		return "", err
	}
	m, err := h.p.Members.Get(ctx, pr.ID)
	if err != nil {
		return "", err
	}
	due := int64(0)
	if _, ok := payment.PurposeFor(m.Status()); ok && m.Status() != member.StatusPaymentClaimed {
		if due, err = annualFee(ctx, h.p.Settings, m); err != nil {
			return "", err
		}
	}
	reqs, err := h.p.Invoices.ListForMember(ctx, m.ID())
	if err != nil {
		return "", apperr.Internal(err)
	}
	for _, r := range reqs {
		if st := r.AdvanceState(); st == invoice.AdvanceRequested || st == invoice.AdvanceOpen {
			return "", apperr.Conflict(invoice.ErrAlreadyAsked, fmt.Sprintf("已有一张借发票申请（%s），请勿重复申请", st.Label()))
		}
	}
	// The expected day is a calendar day: the web form gives its midnight in
	// the association's zone, the API midnight UTC; both are compared with
	// today as midnight UTC of the zone's calendar day.
	form := cmd.Form
	form.ExpectedOn = h.p.dayOf(form.ExpectedOn)
	r, err := invoice.NewAdvance(m.ID(), m.Name(), cmd.Details, form, cmd.AmountFen, due,
		m.Kind() != member.Individual, h.p.today(), h.p.now())
	if err != nil {
		return "", err
	}
	if err := h.p.Invoices.Add(ctx, r); err != nil {
		return "", err
	}
	return r.ID(), nil
}

// UploadAdvanceScan is the stamped 《提前开票申请》 of a pending advance.
type UploadAdvanceScan struct {
	Principal access.Principal
	RequestID string
	FileName  string
	Content   io.Reader // read up to invoice.MaxFileBytes + 1 bytes
}

// AdvanceScanField is the form field of the stamped scan.
const AdvanceScanField = "scan"

// UploadAdvanceScanHandler stores stamped scans.
type UploadAdvanceScanHandler struct{ p InvoicePorts }

// NewUploadAdvanceScanHandler builds the handler.
func NewUploadAdvanceScanHandler(p InvoicePorts) *UploadAdvanceScanHandler {
	return &UploadAdvanceScanHandler{p: p}
}

// Handle checks the scan by its content (a PNG or JPG picture that decodes
// within the image budget, or a PDF), at most 10 MB, and attaches it to the
// member's own pending advance, replacing an earlier scan. Another member's
// request is NotFound; one finance handled a Conflict.
func (h *UploadAdvanceScanHandler) Handle(ctx context.Context, cmd UploadAdvanceScan) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInvoice, pr.ID); err != nil {
		return err
	}
	r, err := h.p.Invoices.Get(ctx, strings.TrimSpace(cmd.RequestID))
	if err != nil {
		return err
	}
	if r.MemberID() != pr.ID {
		return invoice.NotFoundError()
	}
	data, err := readUpload(AdvanceScanField, cmd.Content)
	if err != nil {
		return err
	}
	format, err := h.checkScan(ctx, data)
	if err != nil {
		return err
	}
	// The state first, on a copy: a request finance handled keeps no file.
	if err := invoice.Restore(r.Snapshot()).AttachScan(invoice.File{Key: "probe"}, h.p.now()); err != nil {
		return err
	}
	f, err := h.p.storeFile(ctx, "advances/"+r.MemberID(), cmd.FileName, format, data)
	if err != nil {
		return err
	}
	old := r.Advance().Scan
	err = r.AttachScan(f, h.p.now())
	if err == nil {
		err = h.p.Invoices.Save(ctx, r)
	}
	if err != nil {
		_ = h.p.Files.Delete(context.WithoutCancel(ctx), f.Key)
		return err
	}
	if old.Present() {
		_ = h.p.Files.Delete(context.WithoutCancel(ctx), old.Key)
	}
	return nil
}

// checkScan returns the scan's format: png, jpg or pdf, by its content.
func (h *UploadAdvanceScanHandler) checkScan(ctx context.Context, data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		format, err := CheckInvoiceFile(AdvanceScanField, "", data)
		if err != nil {
			return "", err
		}
		return format, nil
	}
	if !isPNG(data) && !isJPEG(data) {
		return "", fileError(AdvanceScanField, "file_type", "只能上传PNG、JPG或PDF格式的盖章扫描件")
	}
	ct, err := orDefaultImages(h.p.Images).Check(ctx, AdvanceScanField, data)
	if err != nil {
		return "", err
	}
	if ct == "image/png" {
		return "png", nil
	}
	return "jpg", nil
}
