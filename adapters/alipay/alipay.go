// Package alipay is the payment-gateway adapter (ports.PaymentGateway) for
// Alipay's open platform web page payment, alipay.trade.page.pay (电脑网站支付).
//
// StartPayment builds the signed request and returns the URL of the cashier
// page to send the member's browser to. VerifyNotification (the asynchronous
// notification Alipay posts to notify_url) and VerifyReturn (the synchronous
// return of the browser to return_url) check Alipay's RSA2 signature with
// Alipay's public key and our app id before they report anything; they never
// change state — the use case does, and answers "success" only after it has
// recorded the payment durably. QueryTrade (alipay.trade.query) asks the gateway
// for an order's state when a notification is late.
//
// Signing (Alipay's "自行实现签名"): take every request parameter except sign
// with a non-empty value, sort by key, join as k=v with & using the raw values,
// sign the UTF-8 bytes with SHA256withRSA (PKCS #1 v1.5) and put the base64
// result in sign. Verifying a message from Alipay ("异步通知验签"): take every
// parameter except sign and sign_type (empty values included), sort, join the
// same way and verify sign with Alipay's public key.
//
// Subpackage alipaysim is a gateway simulator with its own key pair; its
// NewSandbox wires a Gateway to it in-process for the default app, which then
// works with no Alipay account and no real money. This package does not import
// it: production code needs the simulator only when the sandbox is switched on.
package alipay

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/adapters/alipay/internal/alipaysign"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// Gateway URLs of Alipay's open platform.
const (
	ProductionGatewayURL = "https://openapi.alipay.com/gateway.do"
	SandboxGatewayURL    = "https://openapi-sandbox.dl.alipaydev.com/gateway.do"
)

// Protocol values of the web page payment.
const (
	MethodPagePay       = "alipay.trade.page.pay"        // the request the browser carries to the cashier
	MethodPagePayReturn = "alipay.trade.page.pay.return" // method of the synchronous return
	MethodTradeQuery    = "alipay.trade.query"           // server-to-server order query
	ProductCode         = "FAST_INSTANT_TRADE_PAY"       // product code of 电脑网站支付
	NotifyType          = "trade_status_sync"            // notify_type of a trade notification
	SignType            = alipaysign.SignTypeRSA2        // the only sign type accepted
	Charset             = alipaysign.Charset             // the only charset used
	// NotifyAck is the exact body the notify_url handler answers once the payment
	// is recorded; anything else makes Alipay deliver the notification again.
	NotifyAck = "success"
)

// Trade statuses (trade_status).
const (
	TradeWaitBuyerPay = "WAIT_BUYER_PAY" // created, not paid yet
	TradeClosed       = "TRADE_CLOSED"   // closed unpaid, or fully refunded
	TradeSuccess      = "TRADE_SUCCESS"  // paid (refunds still possible)
	TradeFinished     = "TRADE_FINISHED" // paid, no longer refundable
)

// Stable error codes (apperr.Error.Code) of this adapter. All are KindInvalid
// except CodeTradeNotFound (KindNotFound) and CodeGateway (KindInternal).
const (
	CodeBadSignature  = "alipay_bad_signature" // sign missing, malformed, of another key, or a parameter repeated
	CodeWrongApp      = "alipay_wrong_app"     // app_id is not ours
	CodeWrongSeller   = "alipay_wrong_seller"  // seller_id is not the configured seller
	CodeBadAmount     = "alipay_bad_amount"    // total_amount is not yuan with up to two decimals, or not positive
	CodeBadMessage    = "alipay_bad_message"   // a required field is missing or malformed
	CodeBadOrder      = "alipay_bad_order"     // StartPayment was given an order Alipay would refuse
	CodeTradeNotFound = "alipay_trade_not_found"
	CodeGateway       = "alipay_gateway_error"
)

// Config configures a Gateway. GatewayURL, AppID, PrivateKeyPEM and
// AlipayPublicKeyPEM are required.
type Config struct {
	// GatewayURL is Alipay's gateway: ProductionGatewayURL, SandboxGatewayURL or a
	// simulator's URL.
	GatewayURL string
	// AppID is the application id Alipay assigned (app_id).
	AppID string
	// PrivateKeyPEM is the app's RSA private key (应用私钥), PKCS #1 or PKCS #8, as
	// PEM or as the bare base64 text Alipay's key tool writes; 2048 bits.
	PrivateKeyPEM string
	// AlipayPublicKeyPEM is Alipay's public key (支付宝公钥) shown in the console,
	// as PEM or bare base64; messages from Alipay are verified with it.
	AlipayPublicKeyPEM string
	// SellerID, when set, is the merchant's Alipay user id (2088…): notifications
	// whose seller_id differs are refused, as Alipay advises.
	SellerID string
	// Charset must be empty or "utf-8".
	Charset string
	// SignType must be empty or "RSA2".
	SignType string
	// Timeout bounds a server-to-server call (QueryTrade); default 15 s.
	Timeout time.Duration
	// Clock gives the request timestamp; default the system clock.
	Clock ports.Clock
	// HTTPClient makes server-to-server calls; default a client with Timeout.
	HTTPClient *http.Client
	// Sandbox marks the gateway as a sandbox whatever GatewayURL is (a simulator
	// such as alipaysim's): its payments move no money. Alipay's own sandbox
	// (alipaydev.com) is recognised from GatewayURL without it.
	Sandbox bool
}

// Gateway is the Alipay web page payment adapter. It is safe for concurrent use.
type Gateway struct {
	gatewayURL *url.URL
	appID      string
	sellerID   string
	key        *rsa.PrivateKey
	alipayKey  *rsa.PublicKey
	timeout    time.Duration
	clock      ports.Clock
	client     *http.Client
	sandbox    bool
}

var _ ports.PaymentGateway = (*Gateway)(nil)

// New checks the configuration and parses the keys.
func New(cfg Config) (*Gateway, error) {
	if cfg.GatewayURL == "" || cfg.AppID == "" {
		return nil, errors.New("alipay: GatewayURL and AppID are required")
	}
	u, err := url.Parse(cfg.GatewayURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Fragment != "" {
		return nil, fmt.Errorf("alipay: GatewayURL %q is not an absolute http(s) URL", cfg.GatewayURL)
	}
	if cfg.Charset != "" && !strings.EqualFold(cfg.Charset, Charset) {
		return nil, fmt.Errorf("alipay: charset %q is not supported (only utf-8)", cfg.Charset)
	}
	if cfg.SignType != "" && cfg.SignType != SignType {
		return nil, fmt.Errorf("alipay: sign type %q is not supported (only RSA2)", cfg.SignType)
	}
	key, err := alipaysign.ParsePrivateKey(cfg.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("alipay: PrivateKeyPEM: %w", err)
	}
	alipayKey, err := alipaysign.ParsePublicKey(cfg.AlipayPublicKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("alipay: AlipayPublicKeyPEM: %w", err)
	}
	g := &Gateway{gatewayURL: u, appID: cfg.AppID, sellerID: cfg.SellerID, key: key, alipayKey: alipayKey,
		timeout: cfg.Timeout, clock: cfg.Clock, client: cfg.HTTPClient,
		sandbox: cfg.Sandbox || strings.Contains(u.Host, "alipaydev.com")}
	if g.timeout <= 0 {
		g.timeout = 15 * time.Second
	}
	if g.clock == nil {
		g.clock = ports.SystemClock{}
	}
	if g.client == nil {
		g.client = &http.Client{Timeout: g.timeout}
	}
	return g, nil
}

// AppID returns the configured app id.
func (g *Gateway) AppID() string { return g.appID }

// IsSandbox reports whether payments go to a sandbox (Alipay's own, or the
// embedded one of alipaysim.NewSandbox) rather than the production gateway, so pages can
// say that no real money moves.
func (g *Gateway) IsSandbox() bool { return g.sandbox }

// pagePayBiz is biz_content of alipay.trade.page.pay, in the documented order.
type pagePayBiz struct {
	OutTradeNo  string `json:"out_trade_no"`
	ProductCode string `json:"product_code"`
	TotalAmount string `json:"total_amount"`
	Subject     string `json:"subject"`
}

// Alipay's limits of alipay.trade.page.pay.
const (
	maxOutTradeNo = 64
	maxSubject    = 256
	maxURL        = 256
	maxAmountFen  = 100_000_000_00 // 100 000 000.00 yuan
)

// StartPayment signs an alipay.trade.page.pay request for the order and returns
// the gateway URL with the request in its query (the GET form of the page
// payment). An order Alipay would refuse is an apperr Invalid error
// (CodeBadOrder) before anything is sent.
func (g *Gateway) StartPayment(ctx context.Context, order ports.PaymentOrder) (string, error) {
	if err := checkOrder(order); err != nil {
		return "", err
	}
	biz, err := marshalJSON(pagePayBiz{OutTradeNo: order.OutTradeNo, ProductCode: ProductCode,
		TotalAmount: alipaysign.FormatYuan(order.AmountFen), Subject: order.Subject})
	if err != nil {
		return "", apperr.Internal(err)
	}
	params, err := g.signedRequest(MethodPagePay, biz, map[string]string{
		"notify_url": order.NotifyURL, "return_url": order.ReturnURL})
	if err != nil {
		return "", apperr.Internal(err)
	}
	u := *g.gatewayURL
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	if u.RawQuery != "" {
		u.RawQuery += "&" + q.Encode()
	} else {
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// signedRequest returns the public request parameters with biz_content and
// extra, signed.
func (g *Gateway) signedRequest(method, bizContent string, extra map[string]string) (map[string]string, error) {
	p := map[string]string{
		"app_id":      g.appID,
		"method":      method,
		"format":      alipaysign.Format,
		"charset":     Charset,
		"sign_type":   SignType,
		"timestamp":   g.clock.Now().In(alipaysign.Beijing).Format(alipaysign.TimeLayout),
		"version":     alipaysign.Version,
		"biz_content": bizContent,
	}
	for k, v := range extra {
		if v != "" {
			p[k] = v
		}
	}
	sign, err := alipaysign.Sign(g.key, alipaysign.SignContent(p))
	if err != nil {
		return nil, err
	}
	p["sign"] = sign
	return p, nil
}

// marshalJSON encodes v without HTML escaping (Alipay's SDKs write "&" and "<"
// as they are) and without the trailing newline.
func marshalJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("alipay: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

func badOrder(message string) error {
	return apperr.New(apperr.KindInvalid, CodeBadOrder, message)
}

// checkOrder applies Alipay's documented limits so that a bad order fails here
// with a clear message rather than on Alipay's error page.
func checkOrder(o ports.PaymentOrder) error {
	if o.OutTradeNo == "" || len(o.OutTradeNo) > maxOutTradeNo {
		return badOrder("订单号不能为空且不能超过64个字符")
	}
	for _, c := range o.OutTradeNo {
		if !isOrderNoChar(c) {
			return badOrder("订单号只能包含字母、数字和下划线")
		}
	}
	if o.AmountFen < 1 || o.AmountFen > maxAmountFen {
		return badOrder("支付金额须在0.01元至100000000.00元之间")
	}
	if strings.TrimSpace(o.Subject) == "" || !utf8.ValidString(o.Subject) || utf8.RuneCountInString(o.Subject) > maxSubject {
		return badOrder("订单标题不能为空且不能超过256个字符")
	}
	if strings.ContainsAny(o.Subject, "/=&") {
		return badOrder("订单标题不能包含特殊字符 /、=、&")
	}
	if err := checkCallbackURL(o.NotifyURL, true); err != nil {
		return badOrder(fmt.Sprintf("异步通知地址%s", err))
	}
	if err := checkCallbackURL(o.ReturnURL, false); err != nil {
		return badOrder(fmt.Sprintf("同步返回地址%s", err))
	}
	return nil
}

// isOrderNoChar reports whether c may appear in out_trade_no: Alipay allows
// letters, digits and underscores.
func isOrderNoChar(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// checkCallbackURL checks notify_url / return_url: absolute http(s), at most 256
// characters and without a query (Alipay forbids custom parameters there: its
// own would be mixed with them and the signature would no longer verify).
func checkCallbackURL(s string, required bool) error {
	if s == "" {
		if required {
			return errors.New("不能为空")
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("须为以 http:// 或 https:// 开头的完整地址")
	}
	if len(s) > maxURL {
		return errors.New("不能超过256个字符")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return errors.New("不能带查询参数")
	}
	return nil
}

// VerifyNotification verifies an asynchronous notification (the form fields
// Alipay posted to notify_url) and returns what it reports. Checked in order:
// every parameter given once and sign present, sign_type RSA2 when given, the
// signature against Alipay's public key (CodeBadSignature); app_id
// (CodeWrongApp); seller_id when a SellerID is configured (CodeWrongSeller);
// then out_trade_no, trade_no, trade_status, notify_type and gmt_payment
// (CodeBadMessage) and total_amount (CodeBadAmount). Every failure is an apperr
// Invalid error and nothing of the message is returned.
//
// The caller still checks that out_trade_no is one of its orders and that the
// amount is that order's amount, records the payment and only then answers
// NotifyAck; the same notification may arrive many times.
func (g *Gateway) VerifyNotification(ctx context.Context, form url.Values) (ports.GatewayPayment, error) {
	p, err := g.verify(form)
	if err != nil {
		return ports.GatewayPayment{}, err
	}
	if nt, ok := p["notify_type"]; ok && nt != NotifyType {
		return ports.GatewayPayment{}, badMessage("notify_type " + nt)
	}
	if p["trade_status"] == "" {
		return ports.GatewayPayment{}, badMessage("trade_status missing")
	}
	return g.payment(p)
}

// VerifyReturn verifies the synchronous return (the query of the browser's
// request to return_url) like VerifyNotification. A return carries no
// trade_status: Status is empty and Paid false, because Alipay documents the
// return as a hint for the result page only — the notification (or QueryTrade)
// is what proves the payment.
func (g *Gateway) VerifyReturn(ctx context.Context, query url.Values) (ports.GatewayPayment, error) {
	p, err := g.verify(query)
	if err != nil {
		return ports.GatewayPayment{}, err
	}
	if m, ok := p["method"]; ok && m != MethodPagePayReturn {
		return ports.GatewayPayment{}, badMessage("method " + m)
	}
	return g.payment(p)
}

func badSignature(cause error) error {
	return &apperr.Error{Kind: apperr.KindInvalid, Code: CodeBadSignature,
		Message: "支付宝消息的签名验证失败", Err: cause}
}

func badMessage(detail string) error {
	return &apperr.Error{Kind: apperr.KindInvalid, Code: CodeBadMessage,
		Message: "支付宝消息的内容不完整或格式不正确", Err: errors.New(detail)}
}

func badAmount(cause error) error {
	return &apperr.Error{Kind: apperr.KindInvalid, Code: CodeBadAmount,
		Message: "支付宝消息中的金额格式不正确", Err: cause}
}

// verify checks signature, app id and seller of a message from Alipay and
// returns its parameters.
func (g *Gateway) verify(v url.Values) (map[string]string, error) {
	p, err := alipaysign.Single(v)
	if err != nil {
		return nil, badSignature(err)
	}
	sign := p["sign"]
	if sign == "" {
		return nil, badSignature(errors.New("sign missing"))
	}
	if st, ok := p["sign_type"]; ok && st != SignType {
		return nil, badSignature(fmt.Errorf("sign_type %q", st))
	}
	if err := alipaysign.Verify(g.alipayKey, alipaysign.CheckContent(p), sign); err != nil {
		return nil, badSignature(err)
	}
	if p["app_id"] != g.appID {
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: CodeWrongApp,
			Message: "支付宝消息不属于本应用", Err: fmt.Errorf("app_id %q", p["app_id"])}
	}
	if g.sellerID != "" && p["seller_id"] != g.sellerID {
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: CodeWrongSeller,
			Message: "支付宝消息的收款账号与本商户不符", Err: fmt.Errorf("seller_id %q", p["seller_id"])}
	}
	return p, nil
}

// payment reads the trade fields of a verified message; Sandbox comes from the
// gateway's configuration, not from the message.
func (g *Gateway) payment(p map[string]string) (ports.GatewayPayment, error) {
	out := ports.GatewayPayment{OutTradeNo: p["out_trade_no"], TradeNo: p["trade_no"], AppID: p["app_id"],
		Status: p["trade_status"], BuyerID: p["buyer_id"], Sandbox: g.sandbox}
	if out.OutTradeNo == "" || out.TradeNo == "" {
		return ports.GatewayPayment{}, badMessage("out_trade_no or trade_no missing")
	}
	if out.BuyerID == "" {
		out.BuyerID = p["buyer_open_id"] // apps using OpenID get this instead of buyer_id
	}
	fen, err := alipaysign.ParseYuan(p["total_amount"])
	if err != nil {
		return ports.GatewayPayment{}, badAmount(err)
	}
	if fen <= 0 {
		return ports.GatewayPayment{}, badAmount(fmt.Errorf("total_amount %q is not positive", p["total_amount"]))
	}
	out.AmountFen = fen
	out.Paid = IsPaid(out.Status)
	if s := p["gmt_payment"]; s != "" {
		t, err := time.ParseInLocation(alipaysign.TimeLayout, s, alipaysign.Beijing)
		if err != nil {
			return ports.GatewayPayment{}, badMessage("gmt_payment " + s)
		}
		out.PaidAt = t
	}
	return out, nil
}

// IsPaid reports whether a trade status means the money arrived
// (TRADE_SUCCESS or TRADE_FINISHED).
func IsPaid(status string) bool { return status == TradeSuccess || status == TradeFinished }

// ParseAmount converts a protocol amount in yuan ("480.00", "480", "0.01") to
// fen, strictly: digits with at most two decimals, no sign, exponent, spaces or
// leading zeros, no floating point.
func ParseAmount(s string) (int64, error) { return alipaysign.ParseYuan(s) }

// FormatAmount writes fen as the protocol's yuan amount: 48000 → "480.00".
func FormatAmount(fen int64) string { return alipaysign.FormatYuan(fen) }
