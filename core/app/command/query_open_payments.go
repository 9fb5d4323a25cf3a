package command

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// QueryOpenPaymentsLease is the name of the lease a run of the
// lost-notification job holds: one instance at a time asks the gateway.
const QueryOpenPaymentsLease = "payment_query"

// queryBatch is how many open orders one run asks about at most.
const queryBatch = 100

// QueryOpenPaymentsResult reports one run.
type QueryOpenPaymentsResult struct {
	Ran      bool // false when another instance holds the lease
	Asked    int  // orders the gateway was asked about
	Recorded int  // orders the answer changed (paid, or closed)
}

// QueryOpenPaymentsOptions tune the lost-notification job.
type QueryOpenPaymentsOptions struct {
	// After is how long an order stays open before the gateway is asked
	// (default 15 minutes: the notification usually comes within seconds).
	After time.Duration
	// Within is how old an order may be and still be asked about (default 7
	// days): older open orders were abandoned.
	Within time.Duration
	// LeaseTTL is how long a run holds its lease (default 1 minute).
	LeaseTTL time.Duration
}

// QueryOpenPaymentsHandler finds the payments whose notification was lost:
// it asks the gateway (alipay.trade.query) about the online orders open longer
// than a given age and records a paid (or closed) one exactly as its
// notification would have; a late notification then changes nothing. It has
// no principal: the scheduler runs it.
type QueryOpenPaymentsHandler struct {
	payments ports.PaymentRepository
	leases   ports.Leases
	querier  ports.TradeQuerier // nil: the gateway cannot be asked
	notify   *HandlePaymentNotificationHandler
	clock    ports.Clock
	o        QueryOpenPaymentsOptions
}

// NewQueryOpenPaymentsHandler builds the handler. The gateway is asked only
// when it is a ports.TradeQuerier.
func NewQueryOpenPaymentsHandler(payments ports.PaymentRepository, leases ports.Leases, gateway ports.PaymentGateway,
	notify *HandlePaymentNotificationHandler, clock ports.Clock, o QueryOpenPaymentsOptions) *QueryOpenPaymentsHandler {
	q, _ := gateway.(ports.TradeQuerier)
	o.After = cmp.Or(max(o.After, 0), 15*time.Minute)
	o.Within = cmp.Or(max(o.Within, 0), 7*24*time.Hour)
	o.LeaseTTL = cmp.Or(max(o.LeaseTTL, 0), time.Minute)
	return &QueryOpenPaymentsHandler{payments: payments, leases: leases, querier: q, notify: notify, clock: clock, o: o}
}

// Enabled tells whether the gateway can be asked (and the job has work).
func (h *QueryOpenPaymentsHandler) Enabled() bool { return h.querier != nil && h.leases != nil }

// Handle asks about the open online orders made between Within and After ago
// (oldest first, at most 100 a run), if this holder (an instance id) can take
// the lease. An order the gateway does not know (the member never opened the
// cashier) stays open; one it cannot answer about is left for the next run,
// and those errors are returned together.
func (h *QueryOpenPaymentsHandler) Handle(ctx context.Context, holder string) (QueryOpenPaymentsResult, error) {
	var res QueryOpenPaymentsResult
	if !h.Enabled() {
		return res, nil
	}
	now := h.clock.Now()
	ok, err := h.leases.Acquire(ctx, QueryOpenPaymentsLease, holder, now, h.o.LeaseTTL)
	if err != nil || !ok {
		return res, err
	}
	res.Ran = true
	open, _, err := h.payments.List(ctx, ports.PaymentFilter{Statuses: []payment.Status{payment.StatusOpen},
		Methods: []payment.Method{payment.MethodAlipay}, CreatedFrom: now.Add(-h.o.Within),
		CreatedBefore: now.Add(-h.o.After), Limit: queryBatch}) // oldest first
	if err != nil {
		return res, err
	}
	var errs []error
	for _, pm := range open {
		o := pm.Payment
		if o.SandboxReported() || o.OutTradeNo() == "" {
			continue // waiting for finance, not for the gateway
		}
		res.Asked++
		recorded, err := h.ask(ctx, o.OutTradeNo())
		if err != nil {
			errs = append(errs, err)
		}
		if recorded {
			res.Recorded++
		}
	}
	return res, errors.Join(errs...)
}

// AskOnce asks the gateway once about one order — the member is back from the
// cashier and the notification has not arrived — and records it if paid or
// closed. Without a gateway that can be asked, or for a trade the gateway does
// not know, nothing changes.
func (h *QueryOpenPaymentsHandler) AskOnce(ctx context.Context, outTradeNo string) error {
	if h == nil || h.querier == nil || outTradeNo == "" {
		return nil
	}
	_, err := h.ask(ctx, outTradeNo)
	return err
}

// ask queries one order and applies a paid or closed answer as its
// notification would; it reports whether it recorded anything.
func (h *QueryOpenPaymentsHandler) ask(ctx context.Context, outTradeNo string) (bool, error) {
	gp, err := h.querier.QueryTrade(ctx, outTradeNo)
	switch {
	case apperr.IsKind(err, apperr.KindNotFound):
		return false, nil // the member never opened the cashier
	case err != nil:
		return false, fmt.Errorf("query %s: %w", outTradeNo, err)
	case !gp.Paid && gp.Status != "TRADE_CLOSED":
		return false, nil // still waiting for the buyer
	}
	if err := h.notify.apply(ctx, gp); err != nil {
		return false, fmt.Errorf("record %s: %w", outTradeNo, err)
	}
	return true, nil
}
