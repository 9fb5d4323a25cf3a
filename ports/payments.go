package ports

import (
	"context"
	"net/url"
	"time"
)

// PaymentOrder is an online payment the member is sent to the gateway for.
type PaymentOrder struct {
	OutTradeNo string // our order number, unique per attempt
	AmountFen  int64  // amount in fen (1 CNY = 100 fen)
	Subject    string // e.g. 中国质量协会个人会员会费（2026年度）
	ReturnURL  string // where the gateway sends the browser back (synchronous return)
	NotifyURL  string // where the gateway posts the asynchronous notification
}

// GatewayPayment is what a verified gateway message says was paid.
type GatewayPayment struct {
	OutTradeNo string
	TradeNo    string // the gateway's own transaction number
	AmountFen  int64
	AppID      string
	Status     string // e.g. TRADE_SUCCESS, TRADE_FINISHED, WAIT_BUYER_PAY, TRADE_CLOSED
	Paid       bool   // Status means the money arrived
	PaidAt     time.Time
	BuyerID    string
	// Sandbox is set by the gateway adapter (never read from the message) when
	// the message came from a sandbox gateway: the payment moved no real money.
	Sandbox bool
}

// PaymentGateway is an online payment provider (Alipay's web page payment). It
// signs requests and verifies the provider's signed messages; it never changes
// state itself.
type PaymentGateway interface {
	// StartPayment returns the URL to send the member's browser to.
	StartPayment(ctx context.Context, order PaymentOrder) (redirectURL string, err error)
	// VerifyNotification checks the signature and app id of an asynchronous
	// notification (its form fields) and returns what it reports. A forged or
	// re-signed message is an apperr Invalid error.
	VerifyNotification(ctx context.Context, form url.Values) (GatewayPayment, error)
	// VerifyReturn checks the synchronous return's query in the same way.
	VerifyReturn(ctx context.Context, query url.Values) (GatewayPayment, error)
}

// TradeQuerier is a gateway that can be asked, server to server, what became
// of an order (Alipay's alipay.trade.query). It finds the payments whose
// notification was lost: the member paid while memberd was down, or the
// notification never arrived. The answer is verified like a notification.
type TradeQuerier interface {
	QueryTrade(ctx context.Context, outTradeNo string) (GatewayPayment, error)
}
