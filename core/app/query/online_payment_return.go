package query

import (
	"context"
	"net/url"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// OnlinePaymentReturn is the gateway's synchronous return (return_url): the
// browser comes back with signed query parameters.
type OnlinePaymentReturn struct {
	Principal access.Principal
	Query     url.Values
}

// OnlinePaymentReturnHandler verifies returns.
type OnlinePaymentReturnHandler struct {
	payments ports.PaymentRepository
	gateway  ports.PaymentGateway // nil: no online payment
}

// NewOnlinePaymentReturnHandler builds the handler; a nil gateway offers no
// online payment.
func NewOnlinePaymentReturnHandler(payments ports.PaymentRepository,
	gateway ports.PaymentGateway) *OnlinePaymentReturnHandler {
	return &OnlinePaymentReturnHandler{payments: payments, gateway: gateway}
}

// Handle verifies the return's signature and shows the order's state. It changes
// nothing: only the asynchronous notification confirms a payment, so the view
// may say the payment is still being processed.
func (h *OnlinePaymentReturnHandler) Handle(ctx context.Context, q OnlinePaymentReturn) (OnlinePaymentView, error) {
	if h.gateway == nil {
		return OnlinePaymentView{}, apperr.NotFound("online_payment_unavailable", "暂未开通在线支付")
	}
	gp, err := h.gateway.VerifyReturn(ctx, q.Query)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	o, err := ownOrder(ctx, h.payments, q.Principal, gp.OutTradeNo)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	return onlineView(o), nil
}
