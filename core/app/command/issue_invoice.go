package command

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// IssueInvoice is finance's issue of a pending request: the invoice number,
// date and amount, and the e-invoice file (PDF, OFD or XML, at most 10 MB).
type IssueInvoice struct {
	Principal access.Principal
	RequestID string
	Number    string
	Date      time.Time
	AmountFen int64
	FileName  string
	Content   io.Reader // read up to invoice.MaxFileBytes + 1 bytes
}

// InvoiceFileField is the form field of the e-invoice file.
const InvoiceFileField = "file"

// IssueInvoiceHandler issues invoices.
type IssueInvoiceHandler struct{ p InvoicePorts }

// NewIssueInvoiceHandler builds the handler.
func NewIssueInvoiceHandler(p InvoicePorts) *IssueInvoiceHandler { return &IssueInvoiceHandler{p: p} }

// Handle checks the file by its content, stores it, and in one transaction
// records the issue, its audit entry and the email to the member (with the
// file attached, through the durable mail queue); then the member is
// notified. A request another finance user issued or returned first is a
// Conflict (invoice_already_handled or invoice_changed) and the file is
// removed again: nothing changes.
func (h *IssueInvoiceHandler) Handle(ctx context.Context, cmd IssueInvoice) error {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.IssueInvoice, ""); err != nil {
		return err
	}
	r, err := h.p.Invoices.Get(ctx, strings.TrimSpace(cmd.RequestID))
	if err != nil {
		return err
	}
	is := invoice.Issued{Number: cmd.Number, Date: h.p.dayOf(cmd.Date), AmountFen: cmd.AmountFen, StaffID: pr.ID,
		File: invoice.File{Key: "pending"}}
	// The fields first, on a copy: a wrong number or amount is told before the file is read.
	if err := invoice.Restore(r.Snapshot()).Issue(is, h.p.today(), h.p.now()); err != nil &&
		apperr.IsKind(err, apperr.KindInvalid) {
		return err
	}
	data, err := readUpload(InvoiceFileField, cmd.Content)
	if err != nil {
		return err
	}
	format, err := CheckInvoiceFile(InvoiceFileField, cmd.FileName, data)
	if err != nil {
		return err
	}
	if is.File, err = h.p.storeFile(ctx, "invoices/"+r.MemberID(), cmd.FileName, format, data); err != nil {
		return err
	}
	var subject string
	err = h.p.staffChange(ctx, pr, r.ID(), func(ctx context.Context, r *invoice.Request) (audit.Entry, error) {
		if err := r.Issue(is, h.p.today(), h.p.now()); err != nil {
			return audit.Entry{}, err
		}
		s, m, err := h.p.subjectOf(ctx, r)
		if err != nil {
			return audit.Entry{}, err
		}
		subject = s
		if err := h.p.mailInvoice(ctx, r, m.Email(), data); err != nil {
			return audit.Entry{}, err
		}
		return audit.Entry{Action: audit.InvoiceIssue,
			Summary: fmt.Sprintf("开具发票 %s，%s，抬头「%s」", r.Issued().Number, payment.Yuan(r.AmountFen()),
				r.Details().Title)}, nil
	})
	if err != nil {
		_ = h.p.Files.Delete(context.WithoutCancel(ctx), is.File.Key)
		return err
	}
	return h.p.notify(ctx, r, "invoice.issued:"+r.ID(), invoice.IssuedText(subject, is.Number))
}

// issuedMailText is the email of an issued invoice: the member's name, the
// invoice's number, date, amount and title, the site's address. One pattern,
// so that the mail's edge translates it whole.
const issuedMailText = "您好：\n\n财务已为【%s】开具会费发票。\n发票号码：%s\n开票日期：%s\n金额：%s\n发票抬头：%s\n\n电子发票见附件，也可登录会员系统在「申请发票」页下载：%s/member/invoices\n"

// mailInvoice queues the email of an issued invoice to the address the
// member gave (and its account's, when different), with the file attached.
func (p InvoicePorts) mailInvoice(ctx context.Context, r *invoice.Request, accountEmail string, data []byte) error {
	if p.Mailer == nil {
		return nil
	}
	to := []string{r.Details().Email}
	if accountEmail != "" && !strings.EqualFold(accountEmail, r.Details().Email) {
		to = append(to, accountEmail)
	}
	is := r.Issued()
	name := fmt.Sprintf("发票%s.%s", is.Number, is.File.Format)
	text := fmt.Sprintf(issuedMailText,
		r.MemberName(), is.Number, is.Date.Format("2006-01-02"), payment.Yuan(r.AmountFen()), r.Details().Title,
		strings.TrimRight(p.BaseURL, "/"))
	msg := ports.Message{To: to, Subject: fmt.Sprintf("会费电子发票（发票号码 %s）", is.Number), Text: text,
		Key:         "invoice.issued:" + r.ID(),
		Attachments: []ports.Attachment{{Name: name, ContentType: is.File.ContentType(), Data: data}}}
	if err := p.Mailer.Send(ctx, msg); err != nil {
		return fmt.Errorf("queue invoice email: %w", err)
	}
	return nil
}
