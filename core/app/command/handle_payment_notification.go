package command

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Codes of rejected notifications.
const (
	ErrUnknownTrade = "unknown_trade"
)

// HandlePaymentNotificationHandler handles the gateway's asynchronous
// notification (Alipay's notify_url). It has no principal: the gateway's
// signature is its authority.
type HandlePaymentNotificationHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	gateway  ports.PaymentGateway // nil: no online payment
	clock    ports.Clock
	loc      *time.Location
}

// NewHandlePaymentNotificationHandler builds the handler; loc is the
// association's time zone.
func NewHandlePaymentNotificationHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	gateway ports.PaymentGateway, clock ports.Clock, loc *time.Location) *HandlePaymentNotificationHandler {
	return &HandlePaymentNotificationHandler{members: members, payments: payments, gateway: gateway, clock: clock,
		loc: orUTC(loc)}
}

// Handle verifies the notification's signature and app id through the gateway,
// then checks the order: an unknown out_trade_no or a wrong amount is an Invalid
// error and nothing changes. A paid order is confirmed once (the member's fee is
// recorded, notifications and emails follow from the event); a redelivery finds
// it confirmed and changes nothing. A sandbox gateway's payment is no money: the
// order is recorded and waits for finance's confirmation (ConfirmPayment)
// instead. It returns nil only after the payment is
// durably stored, so the HTTP adapter may then answer "success"; on an error it
// must answer something else ("fail") so that the gateway retries.
func (h *HandlePaymentNotificationHandler) Handle(ctx context.Context, form url.Values) error {
	if h.gateway == nil {
		return apperr.New(apperr.KindInvalid, "online_payment_unavailable", "未开通在线支付")
	}
	gp, err := h.gateway.VerifyNotification(ctx, form)
	if err != nil {
		return err
	}
	return h.apply(ctx, gp)
}

// apply records what the gateway verifiably reported about an order — by its
// notification or in answer to a query (QueryOpenPaymentsHandler) — in the
// same way whichever comes first; the other then changes nothing.
func (h *HandlePaymentNotificationHandler) apply(ctx context.Context, gp ports.GatewayPayment) error {
	order, err := h.payments.GetByOutTradeNo(ctx, gp.OutTradeNo)
	if apperr.IsKind(err, apperr.KindNotFound) || (err == nil && order.Method() != payment.MethodAlipay) {
		return apperr.New(apperr.KindInvalid, ErrUnknownTrade, "未知的订单号")
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if gp.AmountFen != order.AmountFen() {
		return payment.AmountMismatch(order.AmountFen(), gp.AmountFen)
	}
	// A redelivery of a notification already recorded (or, from a sandbox,
	// already waiting for finance): nothing to do.
	if (order.Status() != payment.StatusOpen || order.SandboxReported()) && order.TradeNo() != "" &&
		order.TradeNo() == gp.TradeNo {
		return nil
	}
	if !gp.Paid && (gp.Status != "TRADE_CLOSED" || order.Status() != payment.StatusOpen) {
		return nil // waiting for the buyer, or nothing to close
	}
	now := h.clock.Now().In(h.loc)
	err = h.members.Update(ctx, order.MemberID(), func(ctx context.Context, m *member.Member) error {
		return h.record(ctx, m, order.ID(), gp, now)
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return err
	}
	return nil
}

// record applies the verified notification to the order inside the member's
// update: a closed trade closes the open order, a paid one settles it — or,
// from a sandbox gateway, puts it in finance's queue (reportSandbox).
func (h *HandlePaymentNotificationHandler) record(ctx context.Context, m *member.Member, orderID string,
	gp ports.GatewayPayment, now time.Time) error {
	o, err := h.payments.Get(ctx, orderID)
	if err != nil {
		return err
	}
	if !gp.Paid {
		if o.Status() != payment.StatusOpen || o.SandboxReported() {
			return errUnchanged
		}
		o.Close("交易已关闭", now)
		return h.payments.Save(ctx, o)
	}
	switch {
	case o.TradeNo() == gp.TradeNo && (o.Status() != payment.StatusOpen || o.SandboxReported()):
		return errUnchanged // recorded meanwhile by a concurrent delivery
	case o.SandboxReported():
		return apperr.Conflict(payment.ErrAlreadyHandled, "订单已由另一笔交易支付")
	case o.Status() == payment.StatusOpen:
	case o.Status() == payment.StatusClosed:
		if err := o.Reopen(); err != nil { // closed unpaid, then paid after all: the money counts
			return err
		}
	default:
		return apperr.Conflict(payment.ErrAlreadyHandled, "订单已由另一笔交易支付")
	}
	paidOn := gp.PaidAt
	if paidOn.IsZero() {
		paidOn = now
	}
	r := payment.Receipt{AmountFen: gp.AmountFen, PaidOn: paidOn.In(h.loc), TradeNo: gp.TradeNo,
		Source: payment.SourceGateway, Sandbox: gp.Sandbox}
	if r.Sandbox {
		return reportSandbox(ctx, h.payments, m, o, r, now)
	}
	return settle(ctx, h.payments, m, o, r, false, now)
}

// reportSandbox records a sandbox gateway's report of order o inside the
// member's update. No money moved, so nothing is booked: the order waits in
// finance's queue like a voucher (a first fee moves the member to 缴费确认中, a
// renewal is claimed) until finance confirms or rejects it. A report for a
// member who owes nothing is kept as a duplicate, as real money would be.
func reportSandbox(ctx context.Context, payments ports.PaymentRepository, m *member.Member, o *payment.Payment,
	r payment.Receipt, now time.Time) error {
	purpose, due := payment.PurposeFor(m.Status())
	if !due || purpose != o.Purpose() {
		return settle(ctx, payments, m, o, r, false, now)
	}
	if err := o.ReportSandbox(r, now); err != nil {
		return err
	}
	var err error
	switch {
	case purpose == payment.PurposeRenewal:
		err = m.ClaimRenewal(now)
	case m.Status() == member.StatusApproved:
		err = m.ClaimPayment(now)
	}
	if err != nil {
		return err
	}
	return payments.Save(ctx, o)
}
