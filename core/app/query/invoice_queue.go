package query

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// InvoiceQueue asks for one tab of finance's 发票管理.
type InvoiceQueue struct {
	Principal access.Principal
	// Tab is pending (待开票, the default), issued (已开票), returned (已退回),
	// advance (借票未回款) or overdue (of those, past the expected day).
	Tab string
	// MemberID lists one member's requests of every state instead (the
	// member's record in 会员管理); Tab is then ignored.
	MemberID string
	Page     int
	PageSize int
}

// The tabs of the queue.
const (
	InvoiceTabPending  = "pending"
	InvoiceTabIssued   = "issued"
	InvoiceTabReturned = "returned"
	InvoiceTabAdvance  = "advance"
	InvoiceTabOverdue  = "overdue"
)

// InvoiceQueuePage is one page of a tab with the counts of every tab (no
// counts for one member's list).
type InvoiceQueuePage struct {
	Tab      string
	Counts   ports.InvoiceCounts
	Rows     []*invoice.Request
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// InvoiceQueueHandler serves the queue.
type InvoiceQueueHandler struct {
	invoices ports.InvoiceRepository
	authz    ports.Authorizer
	clock    ports.Clock
	loc      *time.Location
}

// NewInvoiceQueueHandler builds the handler; loc is the association's zone
// (overdue counts from its calendar day).
func NewInvoiceQueueHandler(invoices ports.InvoiceRepository, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *InvoiceQueueHandler {
	return &InvoiceQueueHandler{invoices: invoices, authz: authz, clock: clock, loc: loc}
}

// Handle returns the page for staff allowed invoice:read (finance, admin).
func (h *InvoiceQueueHandler) Handle(ctx context.Context, q InvoiceQueue) (InvoiceQueuePage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListInvoices, ""); err != nil {
		return InvoiceQueuePage{}, err
	}
	today := dayOf(h.clock.Now(), h.loc)
	var f ports.InvoiceFilter
	switch q.Tab = strings.TrimSpace(q.Tab); {
	case q.MemberID != "":
		f.MemberID, q.Tab = strings.TrimSpace(q.MemberID), ""
	default:
		if err := tabFilter(&q, &f, today); err != nil {
			return InvoiceQueuePage{}, err
		}
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	f.Limit, f.Offset = q.PageSize, (q.Page-1)*q.PageSize
	rows, total, err := h.invoices.List(ctx, f)
	if err != nil {
		return InvoiceQueuePage{}, apperr.Internal(err)
	}
	var counts ports.InvoiceCounts
	if f.MemberID == "" { // a member's list has no tabs to count
		if counts, err = h.invoices.Count(ctx, today); err != nil {
			return InvoiceQueuePage{}, apperr.Internal(err)
		}
	}
	return InvoiceQueuePage{Tab: q.Tab, Counts: counts, Rows: rows, Total: total, Page: q.Page,
		PageSize: q.PageSize, Pages: pages(total, q.PageSize)}, nil
}

// tabFilter sets the filter of q's tab.
func tabFilter(q *InvoiceQueue, f *ports.InvoiceFilter, today time.Time) error {
	switch q.Tab {
	case "", InvoiceTabPending:
		q.Tab, f.State = InvoiceTabPending, invoice.StatePending
	case InvoiceTabIssued:
		f.State = invoice.StateIssued
	case InvoiceTabReturned:
		f.State = invoice.StateReturned
	case InvoiceTabAdvance:
		f.Advance = invoice.AdvanceOpen
	case InvoiceTabOverdue:
		f.Advance, f.Overdue = invoice.AdvanceOpen, today
	default:
		var v apperr.Validation
		v.Add("tab", "invalid", "未知的列表")
		return v.Err()
	}
	return nil
}

// InvoiceDetail asks for one request with the payment it belongs to.
type InvoiceDetail struct {
	Principal access.Principal
	RequestID string
}

// InvoiceDetailView is a request, its payment (nil for an advance not yet
// settled) and the member's other requests for the same payment (the voided
// ones a 红冲 kept).
type InvoiceDetailView struct {
	Request *invoice.Request
	Payment *payment.Payment
	History []*invoice.Request
}

// InvoiceDetailHandler serves the detail.
type InvoiceDetailHandler struct {
	invoices ports.InvoiceRepository
	payments ports.PaymentRepository
	authz    ports.Authorizer
}

// NewInvoiceDetailHandler builds the handler.
func NewInvoiceDetailHandler(invoices ports.InvoiceRepository, payments ports.PaymentRepository,
	authz ports.Authorizer) *InvoiceDetailHandler {
	return &InvoiceDetailHandler{invoices: invoices, payments: payments, authz: authz}
}

// Handle returns the detail for finance.
func (h *InvoiceDetailHandler) Handle(ctx context.Context, q InvoiceDetail) (InvoiceDetailView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListInvoices, ""); err != nil {
		return InvoiceDetailView{}, err
	}
	r, err := h.invoices.Get(ctx, strings.TrimSpace(q.RequestID))
	if err != nil {
		return InvoiceDetailView{}, err
	}
	v := InvoiceDetailView{Request: r}
	if r.PaymentID() != "" {
		if v.Payment, err = h.payments.Get(ctx, r.PaymentID()); err != nil {
			return InvoiceDetailView{}, err
		}
	}
	all, err := h.invoices.ListForMember(ctx, r.MemberID())
	if err != nil {
		return InvoiceDetailView{}, apperr.Internal(err)
	}
	for _, o := range all {
		if o.ID() != r.ID() && ((r.PaymentID() != "" && o.PaymentID() == r.PaymentID()) ||
			o.ID() == r.Replaces() || o.Replaces() == r.ID()) {
			v.History = append(v.History, o)
		}
	}
	return v, nil
}
