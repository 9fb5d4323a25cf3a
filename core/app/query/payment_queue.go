package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// PaymentQueue asks for one page of finance's payment queue.
type PaymentQueue struct {
	Principal access.Principal
	// Status is the tab: open (default: claims, vouchers and sandbox payments
	// waiting for finance, oldest first), confirmed, rejected or duplicate.
	Status   payment.Status
	Method   payment.Method // empty for every method
	Page     int
	PageSize int
}

// PaymentQueuePage is one page of the queue with the counts of every tab.
type PaymentQueuePage struct {
	Status   payment.Status
	Items    []PaymentItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	Counts   ports.PaymentCounts
}

// PaymentQueueHandler lists payments for finance.
type PaymentQueueHandler struct {
	payments ports.PaymentRepository
	authz    ports.Authorizer
}

// NewPaymentQueueHandler builds the handler.
func NewPaymentQueueHandler(payments ports.PaymentRepository, authz ports.Authorizer) *PaymentQueueHandler {
	return &PaymentQueueHandler{payments: payments, authz: authz}
}

// Handle returns the page for staff allowed payment:read (finance, admin).
func (h *PaymentQueueHandler) Handle(ctx context.Context, q PaymentQueue) (PaymentQueuePage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListPayments, ""); err != nil {
		return PaymentQueuePage{}, err
	}
	f, err := paymentFilter(&q)
	if err != nil {
		return PaymentQueuePage{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	f.Limit, f.Offset = q.PageSize, (q.Page-1)*q.PageSize
	rows, total, err := h.payments.List(ctx, f)
	if err != nil {
		return PaymentQueuePage{}, apperr.Internal(err)
	}
	counts, err := h.payments.Count(ctx)
	if err != nil {
		return PaymentQueuePage{}, apperr.Internal(err)
	}
	out := PaymentQueuePage{Status: q.Status, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: pages(total, q.PageSize), Counts: counts, Items: make([]PaymentItem, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, paymentItem(r.Payment, r.Member))
	}
	return out, nil
}

// paymentFilter checks the tab and the method (defaulting the tab to open) and
// returns the filter they select.
func paymentFilter(q *PaymentQueue) (ports.PaymentFilter, error) {
	var v apperr.Validation
	f := ports.PaymentFilter{}
	switch q.Status {
	case "":
		q.Status = payment.StatusOpen
	case payment.StatusOpen, payment.StatusConfirmed, payment.StatusRejected, payment.StatusDuplicate,
		payment.StatusClosed, payment.StatusPartial:
	default:
		v.Add("status", "status_invalid", "未知的缴费状态")
	}
	f.Statuses = []payment.Status{q.Status}
	f.Owing = q.Status == payment.StatusPartial // the tab of balances still due
	switch q.Method {
	case "":
		// The open tab is finance's: claims, vouchers and sandbox payments.
		f.AwaitingFinance = q.Status == payment.StatusOpen
	case payment.MethodTransfer, payment.MethodVoucher, payment.MethodAlipay:
		f.Methods = []payment.Method{q.Method}
	default:
		v.Add("method", "method_invalid", "未知的缴费方式")
	}
	return f, v.Err()
}
