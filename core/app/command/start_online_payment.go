package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// StartOnlinePayment is 「支付宝付款 ¥480/年 立即支付」: an online order for the
// amount due, paid at the gateway.
type StartOnlinePayment struct {
	Principal access.Principal
}

// OnlinePaymentStarted is the stored order and where to send the browser.
type OnlinePaymentStarted struct {
	PaymentID   string
	OutTradeNo  string
	AmountFen   int64
	Subject     string
	RedirectURL string // the gateway's page; redirect the browser there
}

// OnlineOrderOptions name the association's orders at the gateway.
type OnlineOrderOptions struct {
	// AssociationName names the association in order subjects.
	AssociationName string
	// ReturnURL and NotifyURL are the gateway's synchronous return and
	// asynchronous notification addresses.
	ReturnURL string
	NotifyURL string
	// Location is the association's time zone.
	Location *time.Location
}

// StartOnlinePaymentHandler creates online orders.
type StartOnlinePaymentHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	settings *feesettings.Source
	gateway  ports.PaymentGateway // nil: no online payment
	authz    ports.Authorizer
	clock    ports.Clock
	o        OnlineOrderOptions
}

// NewStartOnlinePaymentHandler builds the handler; a nil gateway offers no
// online payment.
func NewStartOnlinePaymentHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	settings *feesettings.Source, gateway ports.PaymentGateway, authz ports.Authorizer, clock ports.Clock,
	o OnlineOrderOptions) *StartOnlinePaymentHandler {
	o.Location = orUTC(o.Location)
	return &StartOnlinePaymentHandler{members: members, payments: payments, settings: settings, gateway: gateway,
		authz: authz, clock: clock, o: o}
}

// Handle creates an order with a new, unique out_trade_no for the fee of the
// member's kind (individual members; enterprises pay by transfer), stores it and
// returns the gateway's URL. Without a gateway it is a Conflict
// (online_payment_unavailable); while a transfer claim or a voucher (or a
// sandbox payment) awaits finance it is a Conflict (payment_pending), checked
// under the member's lock, so the fee is not paid twice.
func (h *StartOnlinePaymentHandler) Handle(ctx context.Context, cmd StartOnlinePayment) (OnlinePaymentStarted, error) {
	p := cmd.Principal
	if err := access.Authorize(h.authz, p, access.PayOwnFees, p.ID); err != nil {
		return OnlinePaymentStarted{}, err
	}
	if h.gateway == nil {
		return OnlinePaymentStarted{}, apperr.Conflict("online_payment_unavailable", "暂未开通在线支付，请通过银行转账缴纳会费")
	}
	m, err := h.members.Get(ctx, p.ID)
	if err != nil {
		return OnlinePaymentStarted{}, err
	}
	if err := m.RequireVerifiedEmail(); err != nil {
		return OnlinePaymentStarted{}, err
	}
	if m.Kind() != member.Individual {
		return OnlinePaymentStarted{}, apperr.Conflict("online_payment_individual_only", "单位会员请通过银行转账缴纳会费")
	}
	purpose, ok := payment.PurposeFor(m.Status())
	if !ok {
		return OnlinePaymentStarted{}, nothingDue(m)
	}
	amount, err := amountDue(ctx, h.settings, h.payments, m, purpose) // a balance due, after a partial payment
	if err != nil {
		return OnlinePaymentStarted{}, err
	}
	now := h.clock.Now().In(h.o.Location)
	order, err := payment.NewOrder(m.ID(), purpose, amount, now)
	if err != nil {
		return OnlinePaymentStarted{}, apperr.Internal(err)
	}
	if err := h.members.Update(ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		if _, open, err := findOpenClaim(ctx, h.payments, m.ID()); err != nil {
			return err
		} else if open {
			return ErrClaimPending()
		}
		return h.payments.Add(ctx, order)
	}); err != nil {
		return OnlinePaymentStarted{}, err
	}
	subject := h.orderSubject(m, purpose, now)
	redirect, err := h.gateway.StartPayment(ctx, ports.PaymentOrder{OutTradeNo: order.OutTradeNo(), AmountFen: amount,
		Subject: subject, ReturnURL: h.o.ReturnURL, NotifyURL: h.o.NotifyURL})
	if err != nil {
		// The order never reached the gateway: close it so it does not linger.
		_ = h.members.Update(context.WithoutCancel(ctx), m.ID(), func(ctx context.Context, _ *member.Member) error {
			order.Close("发起支付失败", now)
			return h.payments.Save(ctx, order)
		})
		return OnlinePaymentStarted{}, err
	}
	return OnlinePaymentStarted{PaymentID: order.ID(), OutTradeNo: order.OutTradeNo(), AmountFen: amount, Subject: subject,
		RedirectURL: redirect}, nil
}

// orderSubject names an order the way the payer's bill shows it: the year is
// the one the fee is for (a renewal's starts the day after the validity ends).
func (h *StartOnlinePaymentHandler) orderSubject(m *member.Member, purpose payment.Purpose, now time.Time) string {
	year := now.Year()
	if purpose == payment.PurposeRenewal && !m.ValidUntil().IsZero() {
		year = m.ValidUntil().AddDate(0, 0, 1).Year()
	}
	what := "会费"
	if purpose == payment.PurposeRenewal {
		what = "续费"
	}
	return fmt.Sprintf("%s%s%s（%d年度）", h.o.AssociationName, m.Kind().Label(), what, year)
}

// ErrClaimPending is the refusal of an online payment while the member's claim
// or voucher awaits finance (code payment_pending).
func ErrClaimPending() error {
	return apperr.Conflict("payment_pending", "您提交的缴费信息（银行转账或缴费凭证）正在等待财务确认，确认前不能在线支付，以免重复缴费")
}
