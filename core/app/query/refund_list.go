package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// RefundList asks for one page of finance's 退款待办 list: the payments with
// money to refund (an excess, or a duplicate), or those refunded.
type RefundList struct {
	Principal access.Principal
	// State is the tab: due (default) or refunded.
	State    payment.RefundState
	Page     int
	PageSize int
}

// RefundListPage is one page of the list with the counts of both tabs.
type RefundListPage struct {
	State    payment.RefundState
	Items    []PaymentItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	Counts   ports.PaymentCounts
}

// RefundListHandler lists refunds for finance.
type RefundListHandler struct {
	payments ports.PaymentRepository
	authz    ports.Authorizer
}

// NewRefundListHandler builds the handler.
func NewRefundListHandler(payments ports.PaymentRepository, authz ports.Authorizer) *RefundListHandler {
	return &RefundListHandler{payments: payments, authz: authz}
}

// Handle returns the page for staff allowed payment:read (finance, admin),
// newest first; an unknown tab is a field error on state.
func (h *RefundListHandler) Handle(ctx context.Context, q RefundList) (RefundListPage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListPayments, ""); err != nil {
		return RefundListPage{}, err
	}
	switch q.State {
	case "":
		q.State = payment.RefundDue
	case payment.RefundDue, payment.RefundRefunded:
	default:
		var v apperr.Validation
		v.Add("state", "state_invalid", "未知的退款状态")
		return RefundListPage{}, v.Err()
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	f := ports.PaymentFilter{Refunds: []payment.RefundState{q.State}, Limit: q.PageSize,
		Offset: (q.Page - 1) * q.PageSize}
	rows, total, err := h.payments.List(ctx, f)
	if err != nil {
		return RefundListPage{}, apperr.Internal(err)
	}
	counts, err := h.payments.Count(ctx)
	if err != nil {
		return RefundListPage{}, apperr.Internal(err)
	}
	out := RefundListPage{State: q.State, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: pages(total, q.PageSize), Counts: counts, Items: make([]PaymentItem, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, paymentItem(r.Payment, r.Member))
	}
	return out, nil
}
