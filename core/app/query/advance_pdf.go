package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// AdvancePDF asks for the filled 《提前开票申请》 of an advance invoice.
type AdvancePDF struct {
	Principal access.Principal
	RequestID string
}

// AdvancePDFHandler renders the 《提前开票申请》.
type AdvancePDFHandler struct {
	invoices ports.InvoiceRepository
	renderer ports.DocumentRenderer
	authz    ports.Authorizer
	assoc    string
}

// NewAdvancePDFHandler builds the handler; renderer may be nil (the query then
// says so).
func NewAdvancePDFHandler(invoices ports.InvoiceRepository, renderer ports.DocumentRenderer, authz ports.Authorizer,
	assoc string) *AdvancePDFHandler {
	return &AdvancePDFHandler{invoices: invoices, renderer: renderer, authz: authz, assoc: assoc}
}

// Handle renders the member's own advance (or any, for finance) as an A4 PDF
// with the stamp box (单位盖章) to sign, stamp and scan.
func (h *AdvancePDFHandler) Handle(ctx context.Context, q AdvancePDF) (Document, error) {
	r, err := h.invoices.Get(ctx, strings.TrimSpace(q.RequestID))
	if err != nil {
		return Document{}, err
	}
	act := access.ReadOwnInvoices
	if q.Principal.IsStaff() {
		act = access.ListInvoices
	}
	if err := access.Authorize(h.authz, q.Principal, act, r.MemberID()); err != nil {
		return Document{}, err
	}
	if !r.IsAdvance() {
		return Document{}, invoice.NotFoundError()
	}
	if h.renderer == nil {
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_unavailable",
			Message: "系统未配置PDF生成，暂时无法下载《提前开票申请》，请联系协会工作人员"}
	}
	doc := AdvanceDocumentOf(r, h.assoc)
	pdf, err := h.renderer.RenderForm(ctx, doc)
	if err != nil {
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_failed",
			Message: "生成PDF文件失败，请稍后再试", Err: fmt.Errorf("render advance form: %w", err)}
	}
	return Document{FileName: fmt.Sprintf("提前开票申请-%s.pdf", r.MemberName()), ContentType: "application/pdf",
		Content: pdf}, nil
}

// AdvanceDocumentOf is the 《提前开票申请》 of an advance as a printable form.
func AdvanceDocumentOf(r *invoice.Request, assoc string) ports.FormDocument {
	d, a := r.Details(), r.Advance()
	rows := []ports.FormRow{{Label: "申请单位", Value: r.MemberName()}, {Label: "发票抬头", Value: d.Title},
		{Label: "纳税人识别号", Value: d.TaxID}, {Label: "发票类型", Value: d.Kind.Label()},
		{Label: "开票金额", Value: fmt.Sprintf("%s（会费）", payment.Yuan(r.AmountFen()))}, {Label: "接收邮箱", Value: d.Email}}
	if d.Kind == invoice.KindSpecial {
		rows = append(rows, ports.FormRow{Label: "注册地址", Value: d.Address}, ports.FormRow{Label: "注册电话", Value: d.Phone},
			ports.FormRow{Label: "开户银行", Value: d.Bank}, ports.FormRow{Label: "银行账号", Value: d.Account})
	}
	return ports.FormDocument{Title: "提前开票申请", Subtitle: r.MemberName(),
		Sections: []ports.FormSection{{Title: "开票信息", Rows: rows}, {Title: "申请事项", Rows: []ports.FormRow{
			{Label: "借发票事由", Value: a.Reason, Wide: true},
			{Label: "预计缴费日期", Value: a.ExpectedOn.Format("2006年01月02日")},
			{Label: "联系人", Value: a.Contact}, {Label: "联系电话", Value: a.ContactPhone},
			{Label: "承诺", Value: fmt.Sprintf("我单位承诺在预计缴费日期前将会费汇至%s，逾期未缴费将按协会规定处理。", assoc), Wide: true}}}},
		Signatures: []string{"单位盖章：", "经办人签字：", "日期："},
		Footer:     assoc + " · 提前开票申请 · 申请编号 " + r.ID()}
}
