package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// InvoicePorts are the ports the invoice use cases share.
type InvoicePorts struct {
	Members       ports.MemberRepository
	Payments      ports.PaymentRepository
	Invoices      ports.InvoiceRepository
	Files         ports.FileStore
	Tx            ports.Transactor
	Notifications ports.NotificationRepository // nil: none
	Mailer        ports.Mailer                 // nil: no email
	Authz         ports.Authorizer
	Clock         ports.Clock
	Audit         *Auditor
	Settings      *feesettings.Source // the fee due, for advance invoices
	Images        *ImageChecker       // the decode budget of stamped scans (nil: the default)
	Location      *time.Location
	// BaseURL is the site's address, for links in emails.
	BaseURL string
}

func (p InvoicePorts) now() time.Time { return p.Clock.Now().In(orUTC(p.Location)) }

// today is the calendar day of now in the association's zone, as midnight UTC.
func (p InvoicePorts) today() time.Time {
	y, m, d := p.now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dayOf is the calendar day of t in the association's zone, as midnight UTC
// (zero stays zero).
func (p InvoicePorts) dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(orUTC(p.Location)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// readUpload reads at most invoice.MaxFileBytes+1 bytes of an upload; field
// names the form field of its errors.
func readUpload(field string, r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, fileError(field, "file_required", "请选择要上传的文件")
	}
	data, err := io.ReadAll(io.LimitReader(r, invoice.MaxFileBytes+1))
	if err != nil {
		return nil, apperr.Internal(fmt.Errorf("read upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return nil, fileError(field, "file_required", "请选择要上传的文件")
	case len(data) > invoice.MaxFileBytes:
		return nil, fileError(field, "file_too_large", "文件不能超过10MB")
	}
	return data, nil
}

func fileError(field, code, msg string) error {
	var v apperr.Validation
	v.Add(field, code, msg)
	return v.Err()
}

// storeFile keeps data under a fresh key of prefix and returns the file.
func (p InvoicePorts) storeFile(ctx context.Context, prefix, name, format string, data []byte) (invoice.File, error) {
	f := invoice.File{Key: prefix + "/" + id.New(p.now()) + "." + format, Name: cleanFileName(name), Format: format,
		Size: int64(len(data))}
	if err := p.Files.Put(ctx, f.Key, bytes.NewReader(data)); err != nil {
		return invoice.File{}, apperr.Internal(fmt.Errorf("store invoice file: %w", err))
	}
	return f, nil
}

// staffChange loads request id in a transaction, applies change to it, saves it
// runs after (more writes of the same action) and records the audit entry
// change returns — the shape of every finance action. A request another finance user changed meanwhile is a Conflict.
func (p InvoicePorts) staffChange(ctx context.Context, pr access.Principal, reqID string,
	change func(ctx context.Context, r *invoice.Request) (audit.Entry, error),
	after ...func(ctx context.Context) error) error {
	return p.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := p.Invoices.Get(ctx, strings.TrimSpace(reqID))
		if err != nil {
			return err
		}
		e, err := change(ctx, r)
		if err != nil {
			return err
		}
		if err := p.Invoices.Save(ctx, r); err != nil {
			return err
		}
		for _, f := range after {
			if err := f(ctx); err != nil {
				return err
			}
		}
		e.MemberID, e.Subject = r.MemberID(), "invoice:"+r.ID()
		return p.Audit.Record(ctx, pr, e)
	})
}

// notify adds a notification for the request's member after the change
// committed (the notification store joins no transaction); key makes it once
// per event, so a retried request adds none twice.
func (p InvoicePorts) notify(ctx context.Context, r *invoice.Request, key, text string) error {
	if p.Notifications == nil {
		return nil
	}
	n, err := notification.New(r.MemberID(), key, notification.CategoryPayment, text, p.Clock.Now())
	if err != nil {
		return fmt.Errorf("invoice notification: %w", err)
	}
	if _, err := p.Notifications.Add(ctx, n); err != nil {
		return fmt.Errorf("invoice notification: %w", err)
	}
	return nil
}

// subjectOf names the request's member as the manual's notifications do.
func (p InvoicePorts) subjectOf(ctx context.Context, r *invoice.Request) (string, *member.Member, error) {
	m, err := p.Members.Get(ctx, r.MemberID())
	if err != nil {
		return "", nil, err
	}
	return notification.PaymentSubject(m.Kind() == member.Individual, m.Name()), m, nil
}
