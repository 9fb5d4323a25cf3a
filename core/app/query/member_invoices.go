package query

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MemberInvoices asks for the member's 申请发票 page.
type MemberInvoices struct{ Principal access.Principal }

// MemberInvoicesView is the 申请发票 page: the confirmed payments that have
// no live request yet (「已缴会费开票」), the defaults of the form and every
// request the member made, newest first.
type MemberInvoicesView struct {
	MemberName string
	Kind       member.Kind
	// NoticeYear is the fee year of the notice's title: the year of the
	// newest confirmed payment, or the current year.
	NoticeYear int
	// Notice is the notice at the top (staff-editable; the manual's by default).
	Notice   invoice.Notice
	Defaults invoice.Details
	Open     []*payment.Payment // confirmed payments without a live request, newest first
	Requests []*invoice.Request
}

// MemberInvoicesHandler serves the page.
type MemberInvoicesHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	invoices ports.InvoiceRepository
	authz    ports.Authorizer
	clock    ports.Clock
	settings ports.Settings
	assoc    string
}

// NewMemberInvoicesHandler builds the handler.
func NewMemberInvoicesHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	invoices ports.InvoiceRepository, authz ports.Authorizer, clock ports.Clock) *MemberInvoicesHandler {
	return &MemberInvoicesHandler{members: members, payments: payments, invoices: invoices, authz: authz, clock: clock}
}

// WithNotice makes the page show the notice stored in settings (the manual's
// of association assoc until the admin edits it).
func (h *MemberInvoicesHandler) WithNotice(settings ports.Settings, assoc string) *MemberInvoicesHandler {
	h.settings, h.assoc = settings, assoc
	return h
}

// memberPaymentsShown bounds the payments the page lists (one a year).
const memberPaymentsShown = 50

// Handle returns the page of the member asking.
func (h *MemberInvoicesHandler) Handle(ctx context.Context, q MemberInvoices) (MemberInvoicesView, error) {
	pr := q.Principal
	if err := access.Authorize(h.authz, pr, access.ReadOwnInvoices, pr.ID); err != nil {
		return MemberInvoicesView{}, err
	}
	m, err := h.members.Get(ctx, pr.ID)
	if err != nil {
		return MemberInvoicesView{}, err
	}
	ps, err := h.payments.ListForMember(ctx, m.ID(), memberPaymentsShown)
	if err != nil {
		return MemberInvoicesView{}, apperr.Internal(err)
	}
	reqs, err := h.invoices.ListForMember(ctx, m.ID())
	if err != nil {
		return MemberInvoicesView{}, apperr.Internal(err)
	}
	notice, err := loadNotice(ctx, h.settings, h.assoc)
	if err != nil {
		return MemberInvoicesView{}, err
	}
	v := MemberInvoicesView{MemberName: m.Name(), Kind: m.Kind(), Requests: reqs, Notice: notice,
		NoticeYear: h.clock.Now().Year(),
		Defaults: invoice.Details{Title: m.Name(), TaxID: m.Application().Enterprise.USCC, Kind: invoice.KindPlain,
			Email: m.Email()}}
	live := map[string]bool{}
	for _, r := range reqs {
		if r.State().Live() && r.PaymentID() != "" {
			live[r.PaymentID()] = true
		}
	}
	seen := false
	for _, p := range ps {
		if p.Status() != payment.StatusConfirmed && p.Status() != payment.StatusPartial {
			continue // a partial payment is invoiced for what arrived
		}
		if !seen {
			v.NoticeYear, seen = p.PaidOn().Year(), true
		}
		if !live[p.ID()] {
			v.Open = append(v.Open, p)
		}
	}
	return v, nil
}

// InvoiceFile asks for an issued invoice's e-invoice file.
type InvoiceFile struct {
	Principal access.Principal
	RequestID string
	// Scan asks for an advance's stamped 《提前开票申请》 instead.
	Scan bool
}

// DownloadedFile is a stored file's content; the caller closes Body.
type DownloadedFile struct {
	Body        io.ReadCloser
	ContentType string
	Size        int64
	FileName    string
}

// InvoiceFileHandler serves e-invoice files.
type InvoiceFileHandler struct {
	invoices ports.InvoiceRepository
	files    ports.FileStore
	authz    ports.Authorizer
}

// NewInvoiceFileHandler builds the handler.
func NewInvoiceFileHandler(invoices ports.InvoiceRepository, files ports.FileStore,
	authz ports.Authorizer) *InvoiceFileHandler {
	return &InvoiceFileHandler{invoices: invoices, files: files, authz: authz}
}

// Handle opens the file for the request's member or finance. Another
// member's invoice, a request without a file and a missing one are all the
// same NotFound.
func (h *InvoiceFileHandler) Handle(ctx context.Context, q InvoiceFile) (DownloadedFile, error) {
	r, err := h.invoices.Get(ctx, strings.TrimSpace(q.RequestID))
	if err != nil {
		return DownloadedFile{}, err
	}
	act := access.ReadOwnInvoices
	if q.Principal.IsStaff() {
		act = access.ListInvoices
	}
	if err := access.Authorize(h.authz, q.Principal, act, r.MemberID()); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) && !q.Principal.IsStaff() {
			return DownloadedFile{}, invoice.NotFoundError()
		}
		return DownloadedFile{}, err
	}
	f, name := r.Issued().File, fmt.Sprintf("发票%s", r.Issued().Number)
	if q.Scan {
		f, name = r.Advance().Scan, "提前开票申请-盖章"
	}
	if !f.Present() {
		return DownloadedFile{}, apperr.NotFound("invoice_file_not_found", "该申请没有电子发票文件")
	}
	body, err := h.files.Open(ctx, f.Key)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return DownloadedFile{}, apperr.NotFound("invoice_file_not_found", "电子发票文件不存在")
	}
	if err != nil {
		return DownloadedFile{}, apperr.Internal(fmt.Errorf("open invoice file: %w", err))
	}
	return DownloadedFile{Body: body, ContentType: f.ContentType(), Size: f.Size,
		FileName: name + "." + f.Format}, nil
}
