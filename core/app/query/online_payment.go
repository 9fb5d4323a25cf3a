package query

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// OnlinePayment asks for the state of one of the member's online orders (the
// page the gateway returns to polls it).
type OnlinePayment struct {
	Principal  access.Principal
	OutTradeNo string
}

// OnlinePaymentView is an online order's state.
type OnlinePaymentView struct {
	PaymentID   string
	OutTradeNo  string
	AmountFen   int64
	AmountText  string
	Status      payment.Status
	StatusLabel string
	Paid        bool // confirmed (the notification arrived)
	// AwaitingFinance is true when a sandbox gateway reported the order paid: no
	// money moved, and it counts only once finance confirms it.
	AwaitingFinance bool
	Message         string // what to tell the member
}

// OnlinePaymentHandler reads online orders.
type OnlinePaymentHandler struct {
	payments ports.PaymentRepository
}

// NewOnlinePaymentHandler builds the handler.
func NewOnlinePaymentHandler(payments ports.PaymentRepository) *OnlinePaymentHandler {
	return &OnlinePaymentHandler{payments: payments}
}

// Handle returns the order of the principal (another member's is NotFound).
func (h *OnlinePaymentHandler) Handle(ctx context.Context, q OnlinePayment) (OnlinePaymentView, error) {
	o, err := ownOrder(ctx, h.payments, q.Principal, q.OutTradeNo)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	return onlineView(o), nil
}

// ownOrder loads one of the principal's online orders (members only); an
// unknown order and another member's are the same NotFound.
func ownOrder(ctx context.Context, payments ports.PaymentRepository, p access.Principal,
	outTradeNo string) (*payment.Payment, error) {
	if err := access.Authorize(nil, p, access.ReadOwnOrder, p.ID); err != nil {
		return nil, err
	}
	o, err := payments.GetByOutTradeNo(ctx, strings.TrimSpace(outTradeNo))
	if apperr.IsKind(err, apperr.KindNotFound) || (err == nil && o.MemberID() != p.ID) {
		return nil, apperr.NotFound("payment_not_found", "订单不存在")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return o, nil
}

func onlineView(p *payment.Payment) OnlinePaymentView {
	v := OnlinePaymentView{PaymentID: p.ID(), OutTradeNo: p.OutTradeNo(), AmountFen: p.AmountFen(),
		AmountText: payment.Yuan(p.AmountFen()), Status: p.Status(), StatusLabel: p.Status().Label(),
		Paid: p.Status() == payment.StatusConfirmed}
	switch p.Status() {
	case payment.StatusConfirmed:
		v.Message = "支付成功，会费已确认"
		v.StatusLabel = "已支付"
	case payment.StatusDuplicate:
		v.Message = "支付成功，但会费此前已缴纳，协会财务将与您联系退款"
	case payment.StatusClosed:
		v.Message = "订单已关闭，如已付款请联系协会财务"
	case payment.StatusRejected:
		v.Message = "沙箱支付未实际收款，协会财务未予确认"
	default:
		if p.SandboxReported() {
			v.Message = "沙箱支付已完成（未实际收款），需协会财务确认后才计入会费"
			v.StatusLabel, v.AwaitingFinance = "待财务确认", true
			break
		}
		v.Message = "支付结果确认中，请稍后刷新页面"
		v.StatusLabel = "待支付"
	}
	return v
}
