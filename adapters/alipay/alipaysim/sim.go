// Package alipaysim is a simulator of Alipay's open-platform gateway for the web
// page payment (alipay.trade.page.pay), with its own RSA key pair and real RSA2
// signatures. It is what tests pay against, and what the default app mounts as
// its embedded sandbox (NewSandbox, built on first use by Lazy): no Alipay
// account, no real money.
//
// As Alipay does, it verifies the merchant's request signature with the app's
// public key (a bad one gets an error page), shows a cashier page 「支付宝沙箱收银台」
// with the subject, the amount and a 「确认付款」 button; on confirmation it posts
// the signed asynchronous notification to notify_url (form-encoded) until the
// answer is exactly "success" — the first attempt before the browser moves on,
// the retries in the background — and then redirects the browser to return_url
// with the signed synchronous-return parameters. It also answers
// alipay.trade.query. Tests build signed messages directly with
// SignedNotification and Sign.
//
// It only ever posts to a notify_url taken from a request signed with the app's
// key, so it cannot be used to make the server call arbitrary addresses.
package alipaysim

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/adapters/alipay/internal/alipaysign"
	"github.com/openassoc/membership/ports"
)

// Protocol values the simulator speaks (the same as package alipay's).
const (
	methodPagePay       = "alipay.trade.page.pay"
	methodPagePayReturn = "alipay.trade.page.pay.return"
	methodTradeQuery    = "alipay.trade.query"
	productCode         = "FAST_INSTANT_TRADE_PAY"
	notifyAck           = "success"
)

// Trade statuses the simulator reports.
const (
	TradeWaitBuyerPay = "WAIT_BUYER_PAY" // the cashier page was shown, not paid yet
	TradeSuccess      = "TRADE_SUCCESS"  // paid
	TradeFinished     = "TRADE_FINISHED" // paid, no longer refundable
	TradeClosed       = "TRADE_CLOSED"   // closed unpaid
)

// Fixed identities of the simulated accounts.
const (
	DefaultSellerID = "2088000000000001"    // the merchant's Alipay user id (seller_id)
	BuyerID         = "2088000000000002"    // the paying member (buyer_id)
	BuyerLogonID    = "san***@sandbox.com"  // masked buyer account (buyer_logon_id)
	actionField     = "alipaysim_action"    // marks the cashier's confirmation post
	maxForm         = 64 << 10              // request body limit
	maxAck          = 1 << 10               // notification answer read limit
	timeLayout      = alipaysign.TimeLayout // "2006-01-02 15:04:05", Beijing time
	maxAmountFen    = int64(100_000_000_00) // Alipay's ceiling, 100 000 000.00 yuan
	defaultTimeout  = 10 * time.Second      // per notification attempt
)

// DefaultRetryDelays are the waits before the second, third, … notification
// attempt: Alipay retries for a day (4 min, 10 min, …); the simulator compresses
// that to seconds.
var DefaultRetryDelays = []time.Duration{200 * time.Millisecond, time.Second, 3 * time.Second, 10 * time.Second}

// Options configure a Sim. AppID and AppPublicKeyPEM are required.
type Options struct {
	// AppID is the one app the simulated gateway serves.
	AppID string
	// AppPublicKeyPEM is that app's public key (PEM or bare base64, PKIX or
	// PKCS #1); requests are verified with it.
	AppPublicKeyPEM string
	// SellerID is the merchant's Alipay user id in messages; default
	// DefaultSellerID.
	SellerID string
	// Key is the simulated Alipay's private key; nil generates a 2048-bit key.
	Key *rsa.PrivateKey
	// HTTPClient posts notifications; default a client with a 10 s timeout that
	// does not follow redirects (Alipay does not either).
	HTTPClient *http.Client
	// RetryDelays are the waits between notification attempts after the first;
	// nil means DefaultRetryDelays, an empty non-nil slice means one attempt only.
	RetryDelays []time.Duration
	// Clock dates the messages; default the system clock.
	Clock ports.Clock
	// MaxClockSkew, when positive, refuses a request whose timestamp is further
	// than that from the simulator's clock (Alipay allows a few minutes). Zero
	// disables the check, so tests with a fixed clock on the app side work.
	MaxClockSkew time.Duration
	// Logger receives delivery failures; default discards.
	Logger *slog.Logger
}

// Trade is the simulator's record of one out_trade_no.
type Trade struct {
	OutTradeNo string
	TradeNo    string
	AmountFen  int64
	Subject    string
	Status     string
	CreatedAt  time.Time
	PaidAt     time.Time // zero until paid
	NotifyURL  string
	ReturnURL  string
	Acked      bool // a notification of it was answered "success"
	Deliveries int  // notification posts made for it
}

// Sim is the simulated gateway, an http.Handler to mount at the gateway URL the
// app is configured with (GET and POST). It is safe for concurrent use.
type Sim struct {
	appID       string
	sellerID    string
	key         *rsa.PrivateKey
	appKey      *rsa.PublicKey
	publicPEM   string
	client      *http.Client
	retryDelays []time.Duration
	clock       ports.Clock
	maxSkew     time.Duration
	log         *slog.Logger

	mu         sync.Mutex
	trades     map[string]*Trade
	deliveries atomic.Int64

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New makes a simulator; without Options.Key it generates its key pair.
func New(opts Options) (*Sim, error) {
	if opts.AppID == "" {
		return nil, errors.New("alipaysim: AppID is required")
	}
	appKey, err := alipaysign.ParsePublicKey(opts.AppPublicKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("alipaysim: AppPublicKeyPEM: %w", err)
	}
	key := opts.Key
	if key == nil {
		if key, err = alipaysign.GenerateKey(); err != nil {
			return nil, fmt.Errorf("alipaysim: %w", err)
		}
	} else if key.N.BitLen() < alipaysign.MinKeyBits {
		return nil, fmt.Errorf("alipaysim: Key has %d bits; RSA2 needs %d", key.N.BitLen(), alipaysign.MinKeyBits)
	}
	pub, err := alipaysign.PublicKeyPEM(&key.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("alipaysim: %w", err)
	}
	s := &Sim{appID: opts.AppID, sellerID: opts.SellerID, key: key, appKey: appKey, publicPEM: pub,
		client: opts.HTTPClient, retryDelays: opts.RetryDelays, clock: opts.Clock, maxSkew: opts.MaxClockSkew,
		log: opts.Logger, trades: map[string]*Trade{}}
	if s.sellerID == "" {
		s.sellerID = DefaultSellerID
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: defaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if s.retryDelays == nil {
		s.retryDelays = DefaultRetryDelays
	}
	if s.clock == nil {
		s.clock = ports.SystemClock{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// PublicKeyPEM returns the simulated Alipay public key (PKIX PEM): the app's
// AlipayPublicKeyPEM.
func (s *Sim) PublicKeyPEM() string { return s.publicPEM }

// AppID returns the app id the simulator serves.
func (s *Sim) AppID() string { return s.appID }

// SellerID returns the seller_id the simulator writes into messages.
func (s *Sim) SellerID() string { return s.sellerID }

// Deliveries returns how many notification posts the simulator has made (every
// attempt counts, answered or not).
func (s *Sim) Deliveries() int { return int(s.deliveries.Load()) }

// Trade returns a copy of the record of an out_trade_no.
func (s *Sim) Trade(outTradeNo string) (Trade, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.trades[outTradeNo]
	if !ok {
		return Trade{}, false
	}
	return *t, true
}

// Wait blocks until the background notification retries have ended (answered
// or given up).
func (s *Sim) Wait() { s.wg.Wait() }

// Close stops the background retries and waits for them.
func (s *Sim) Close() {
	s.cancel()
	s.wg.Wait()
}

// Sign returns a copy of params with sign_type RSA2 and a sign made with the
// simulator's key over them as Alipay signs a notification (every parameter
// but sign and sign_type, sorted; the first value of each key). Tests use it to
// make validly signed but otherwise wrong messages (another app id, a malformed
// amount, …).
func (s *Sim) Sign(params url.Values) url.Values {
	p := make(map[string]string, len(params))
	for k, vs := range params {
		if len(vs) > 0 {
			p[k] = vs[0]
		}
	}
	out := url.Values{}
	for k, v := range s.signed(p) {
		out.Set(k, v)
	}
	return out
}

// signed adds sign_type and sign to p (in place) and returns it.
func (s *Sim) signed(p map[string]string) map[string]string {
	delete(p, "sign")
	p["sign_type"] = alipaysign.SignTypeRSA2
	sign, err := alipaysign.Sign(s.key, alipaysign.CheckContent(p))
	if err != nil {
		// Signing with a valid in-memory RSA key only fails if the system's
		// random source does; nothing sensible can continue then.
		panic(err)
	}
	p["sign"] = sign
	return p
}

// SignedNotification returns the asynchronous notification the simulator would
// post for the order in the given trade status (TRADE_SUCCESS, TRADE_FINISHED,
// WAIT_BUYER_PAY, TRADE_CLOSED), validly signed, and records the trade (the
// same out_trade_no keeps its trade_no). It does not post it.
func (s *Sim) SignedNotification(order ports.PaymentOrder, status string) url.Values {
	s.mu.Lock()
	t := s.tradeLocked(order.OutTradeNo, order.AmountFen, order.Subject)
	t.NotifyURL, t.ReturnURL = order.NotifyURL, order.ReturnURL
	s.setStatusLocked(t, status)
	n := s.notificationLocked(t)
	s.mu.Unlock()
	return toValues(n)
}

// SignedReturn returns the synchronous-return parameters the simulator would
// append to return_url for the order, validly signed.
func (s *Sim) SignedReturn(order ports.PaymentOrder) url.Values {
	s.mu.Lock()
	t := s.tradeLocked(order.OutTradeNo, order.AmountFen, order.Subject)
	r := s.returnParamsLocked(t)
	s.mu.Unlock()
	return toValues(r)
}

func toValues(p map[string]string) url.Values {
	v := url.Values{}
	for k, x := range p {
		v.Set(k, x)
	}
	return v
}

func (s *Sim) now() time.Time { return s.clock.Now().In(alipaysign.Beijing) }

// tradeLocked returns the trade of outTradeNo, creating it (unpaid) if new.
func (s *Sim) tradeLocked(outTradeNo string, amountFen int64, subject string) *Trade {
	t, ok := s.trades[outTradeNo]
	if !ok {
		t = &Trade{OutTradeNo: outTradeNo, TradeNo: s.newTradeNo(), Status: TradeWaitBuyerPay, CreatedAt: s.now()}
		s.trades[outTradeNo] = t
	}
	t.AmountFen, t.Subject = amountFen, subject
	return t
}

func (s *Sim) setStatusLocked(t *Trade, status string) {
	t.Status = status
	switch {
	case status == TradeWaitBuyerPay:
		t.PaidAt = time.Time{}
	case (status == TradeSuccess || status == TradeFinished) && t.PaidAt.IsZero():
		t.PaidAt = s.now()
	}
}

// newTradeNo makes a 28-digit trade number shaped like Alipay's
// (date, "2200", sixteen random digits).
func (s *Sim) newTradeNo() string {
	return s.now().Format("20060102") + "2200" + randomDigits(16)
}

func randomDigits(n int) string {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	r, err := rand.Int(rand.Reader, limit)
	if err != nil {
		panic(err) // the system's random source failed
	}
	return fmt.Sprintf("%0*s", n, r.String())
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failed
	}
	return hex.EncodeToString(b)
}

// notificationLocked builds the signed notification of t with the fields
// Alipay's trade notification carries.
func (s *Sim) notificationLocked(t *Trade) map[string]string {
	now := s.now()
	amount := alipaysign.FormatYuan(t.AmountFen)
	p := map[string]string{
		"notify_time":    now.Format(timeLayout),
		"notify_type":    "trade_status_sync",
		"notify_id":      now.Format("20060102") + "0022" + randomHex(12),
		"app_id":         s.appID,
		"auth_app_id":    s.appID,
		"charset":        alipaysign.Charset,
		"version":        alipaysign.Version,
		"trade_no":       t.TradeNo,
		"out_trade_no":   t.OutTradeNo,
		"buyer_id":       BuyerID,
		"buyer_logon_id": BuyerLogonID,
		"seller_id":      s.sellerID,
		"trade_status":   t.Status,
		"total_amount":   amount,
		"subject":        t.Subject,
		"gmt_create":     t.CreatedAt.In(alipaysign.Beijing).Format(timeLayout),
	}
	if !t.PaidAt.IsZero() {
		p["gmt_payment"] = t.PaidAt.In(alipaysign.Beijing).Format(timeLayout)
		p["receipt_amount"] = amount
		p["invoice_amount"] = amount
		p["buyer_pay_amount"] = amount
		p["point_amount"] = "0.00"
		p["fund_bill_list"] = `[{"amount":"` + amount + `","fundChannel":"ALIPAYACCOUNT"}]`
	}
	if t.Status == TradeClosed {
		p["gmt_close"] = now.Format(timeLayout)
	}
	return s.signed(p)
}

// returnParamsLocked builds the signed synchronous-return parameters of t.
func (s *Sim) returnParamsLocked(t *Trade) map[string]string {
	return s.signed(map[string]string{
		"app_id":       s.appID,
		"auth_app_id":  s.appID,
		"charset":      alipaysign.Charset,
		"method":       methodPagePayReturn,
		"out_trade_no": t.OutTradeNo,
		"seller_id":    s.sellerID,
		"timestamp":    s.now().Format(timeLayout),
		"total_amount": alipaysign.FormatYuan(t.AmountFen),
		"trade_no":     t.TradeNo,
		"version":      alipaysign.Version,
	})
}

// Deliver posts a notification to notifyURL once, form-encoded as Alipay does,
// and reports whether the answer was exactly "success". Every call counts in
// Deliveries.
func (s *Sim) Deliver(ctx context.Context, notifyURL string, form url.Values) (bool, error) {
	s.deliveries.Add(1)
	if out := form.Get("out_trade_no"); out != "" {
		s.mu.Lock()
		if t, ok := s.trades[out]; ok {
			t.Deliveries++
		}
		s.mu.Unlock()
	}
	ctx, cancel := context.WithTimeout(ctx, defaultTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, notifyURL, strings.NewReader(form.Encode()))
	if err != nil {
		return false, fmt.Errorf("alipaysim: notify: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "Mozilla/4.0 (alipaysim)")
	resp, err := s.client.Do(req)
	if err != nil {
		return false, fmt.Errorf("alipaysim: notify: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAck))
	if err != nil {
		return false, fmt.Errorf("alipaysim: notify: %w", err)
	}
	if resp.StatusCode != http.StatusOK || string(body) != notifyAck {
		return false, fmt.Errorf("alipaysim: notify: HTTP %d, body %q (want exactly %q)", resp.StatusCode, body, notifyAck)
	}
	if out := form.Get("out_trade_no"); out != "" {
		s.mu.Lock()
		if t, ok := s.trades[out]; ok {
			t.Acked = true
		}
		s.mu.Unlock()
	}
	return true, nil
}

// notify delivers a notification: once now, then in the background after each
// of the retry delays until it is answered "success".
func (s *Sim) notify(notifyURL string, form url.Values) {
	ok, err := s.Deliver(s.ctx, notifyURL, form)
	if ok {
		return
	}
	s.log.Warn("alipaysim: notification not acknowledged", "out_trade_no", form.Get("out_trade_no"),
		"attempt", 1, "err", err)
	if len(s.retryDelays) == 0 {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for i, d := range s.retryDelays {
			timer := time.NewTimer(d)
			select {
			case <-s.ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			}
			ok, err := s.Deliver(s.ctx, notifyURL, form)
			if ok {
				return
			}
			s.log.Warn("alipaysim: notification not acknowledged", "out_trade_no", form.Get("out_trade_no"),
				"attempt", i+2, "err", err)
		}
	}()
}

// simError is an error the gateway shows (page) or returns (API).
type simError struct {
	Code    string // e.g. invalid-signature
	Message string // Chinese reason
}

func (e *simError) Error() string { return e.Code + ": " + e.Message }

func fail(code, message string) *simError { return &simError{Code: code, Message: message} }

// ServeHTTP plays the gateway: the page-payment request (GET, or POST as a form)
// shows the cashier; the cashier's confirmation pays; alipay.trade.query
// answers JSON.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, fail("invalid-parameter", "请求参数无法解析"))
		return
	}
	if r.Method == http.MethodPost && r.PostForm.Has(actionField) {
		s.confirm(w, r)
		return
	}
	p, err := alipaysign.Single(r.Form)
	if err != nil {
		s.errorPage(w, fail("invalid-parameter", "请求参数重复"))
		return
	}
	switch p["method"] {
	case methodPagePay:
		s.cashier(w, p)
	case methodTradeQuery:
		s.query(w, p)
	case "":
		s.errorPage(w, fail("missing-method", "缺少方法名参数 method"))
	default:
		s.errorPage(w, fail("invalid-method", "不存在的方法名："+p["method"]))
	}
}

// checkRequest verifies the public parameters and the signature of a request.
func (s *Sim) checkRequest(p map[string]string, checkTime bool) *simError {
	switch {
	case p["app_id"] == "":
		return fail("missing-app-id", "缺少参数 app_id")
	case p["app_id"] != s.appID:
		return fail("invalid-app-id", fmt.Sprintf("应用 %s 不存在或未上线", p["app_id"]))
	case p["sign"] == "":
		return fail("missing-signature", "缺少签名参数 sign")
	case p["sign_type"] != alipaysign.SignTypeRSA2:
		return fail("invalid-sign-type", "签名类型须为 RSA2")
	case p["charset"] != "" && !strings.EqualFold(p["charset"], alipaysign.Charset):
		return fail("invalid-charset", "字符集须为 utf-8")
	case p["version"] != alipaysign.Version:
		return fail("invalid-parameter", "version 须为 1.0")
	case p["format"] != "" && !strings.EqualFold(p["format"], alipaysign.Format):
		return fail("invalid-format", "format 须为 JSON")
	}
	if err := alipaysign.Verify(s.appKey, alipaysign.SignContent(p), p["sign"]); err != nil {
		return fail("invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配")
	}
	ts, err := time.ParseInLocation(timeLayout, p["timestamp"], alipaysign.Beijing)
	if err != nil {
		return fail("invalid-timestamp", "timestamp 格式须为 yyyy-MM-dd HH:mm:ss")
	}
	if checkTime && s.maxSkew > 0 {
		if d := s.clock.Now().Sub(ts); d > s.maxSkew || d < -s.maxSkew {
			return fail("invalid-timestamp", "请求时间与网关时间相差过大")
		}
	}
	return nil
}

// pagePay is a verified alipay.trade.page.pay request.
type pagePay struct {
	params     map[string]string
	outTradeNo string
	amountFen  int64
	amount     string
	subject    string
	notifyURL  string
	returnURL  string
}

func (s *Sim) checkPagePay(p map[string]string, checkTime bool) (*pagePay, *simError) {
	if e := s.checkRequest(p, checkTime); e != nil {
		return nil, e
	}
	var biz struct {
		OutTradeNo  string `json:"out_trade_no"`
		ProductCode string `json:"product_code"`
		TotalAmount string `json:"total_amount"`
		Subject     string `json:"subject"`
	}
	if err := json.Unmarshal([]byte(p["biz_content"]), &biz); err != nil {
		return nil, fail("invalid-parameter", "biz_content 不是合法的 JSON")
	}
	if biz.ProductCode != productCode {
		return nil, fail("invalid-parameter", fmt.Sprintf("product_code 须为 %s", productCode))
	}
	if biz.OutTradeNo == "" || len(biz.OutTradeNo) > 64 {
		return nil, fail("invalid-parameter", "out_trade_no 不能为空且不能超过64个字符")
	}
	fen, err := alipaysign.ParseYuan(biz.TotalAmount)
	if err != nil || fen < 1 || fen > maxAmountFen {
		return nil, fail("invalid-parameter", "total_amount 须为0.01至100000000.00之间、最多两位小数的金额")
	}
	if biz.Subject == "" || utf8.RuneCountInString(biz.Subject) > 256 {
		return nil, fail("invalid-parameter", "subject 不能为空且不能超过256个字符")
	}
	req := &pagePay{params: p, outTradeNo: biz.OutTradeNo, amountFen: fen, amount: alipaysign.FormatYuan(fen),
		subject: biz.Subject, notifyURL: p["notify_url"], returnURL: p["return_url"]}
	for _, u := range []string{req.notifyURL, req.returnURL} {
		if u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return nil, fail("invalid-parameter", "notify_url / return_url 须为 http(s) 地址")
		}
	}
	return req, nil
}

// openTrade records the trade of a page-pay request as Alipay does when the
// buyer reaches the cashier; the same out_trade_no with other content is refused.
func (s *Sim) openTrade(req *pagePay) (*Trade, *simError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.trades[req.outTradeNo]; ok && (t.AmountFen != req.amountFen || t.Subject != req.subject) {
		return nil, fail("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改：同一订单号的金额或标题与之前不一致")
	}
	t := s.tradeLocked(req.outTradeNo, req.amountFen, req.subject)
	t.NotifyURL, t.ReturnURL = req.notifyURL, req.returnURL
	return t, nil
}

// cashier verifies a page-pay request and shows the cashier page.
func (s *Sim) cashier(w http.ResponseWriter, p map[string]string) {
	req, e := s.checkPagePay(p, true)
	if e != nil {
		s.errorPage(w, e)
		return
	}
	t, e := s.openTrade(req)
	if e != nil {
		s.errorPage(w, e)
		return
	}
	if t.Status == TradeSuccess || t.Status == TradeFinished {
		s.errorPage(w, fail("ACQ.TRADE_HAS_SUCCESS", "该笔订单已经付款，请勿重复支付"))
		return
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := make([]field, 0, len(keys)+1)
	for _, k := range keys {
		fields = append(fields, field{k, p[k]})
	}
	fields = append(fields, field{actionField, "pay"})
	s.render(w, http.StatusOK, cashierPage, cashierData{Subject: req.subject, Amount: req.amount,
		OutTradeNo: req.outTradeNo, AppID: s.appID, Fields: fields})
}

// confirm pays the order of the re-verified request carried by the cashier's
// form, notifies and sends the browser back.
func (s *Sim) confirm(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	for k, v := range r.PostForm {
		if k != actionField {
			form[k] = v
		}
	}
	p, err := alipaysign.Single(form)
	if err != nil {
		s.errorPage(w, fail("invalid-parameter", "请求参数重复"))
		return
	}
	req, e := s.checkPagePay(p, false)
	if e != nil {
		s.errorPage(w, e)
		return
	}
	if _, e := s.openTrade(req); e != nil {
		s.errorPage(w, e)
		return
	}
	s.mu.Lock()
	t := s.trades[req.outTradeNo]
	if t.Status != TradeSuccess && t.Status != TradeFinished {
		s.setStatusLocked(t, TradeSuccess)
	}
	notification := toValues(s.notificationLocked(t))
	back := toValues(s.returnParamsLocked(t))
	s.mu.Unlock()

	if req.notifyURL != "" {
		s.notify(req.notifyURL, notification)
	}
	if req.returnURL == "" {
		s.render(w, http.StatusOK, donePage, cashierData{Subject: req.subject, Amount: req.amount,
			OutTradeNo: req.outTradeNo, AppID: s.appID})
		return
	}
	target, err := url.Parse(req.returnURL)
	if err != nil {
		s.errorPage(w, fail("invalid-parameter", "return_url 无法解析"))
		return
	}
	if target.RawQuery != "" {
		target.RawQuery += "&" + back.Encode()
	} else {
		target.RawQuery = back.Encode()
	}
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
}

// queryNode is the alipay_trade_query_response node.
type queryNode struct {
	Code           string `json:"code"`
	Msg            string `json:"msg"`
	SubCode        string `json:"sub_code,omitempty"`
	SubMsg         string `json:"sub_msg,omitempty"`
	BuyerLogonID   string `json:"buyer_logon_id,omitempty"`
	BuyerPayAmount string `json:"buyer_pay_amount,omitempty"`
	BuyerUserID    string `json:"buyer_user_id,omitempty"`
	InvoiceAmount  string `json:"invoice_amount,omitempty"`
	OutTradeNo     string `json:"out_trade_no,omitempty"`
	PointAmount    string `json:"point_amount,omitempty"`
	ReceiptAmount  string `json:"receipt_amount,omitempty"`
	SendPayDate    string `json:"send_pay_date,omitempty"`
	TotalAmount    string `json:"total_amount,omitempty"`
	TradeNo        string `json:"trade_no,omitempty"`
	TradeStatus    string `json:"trade_status,omitempty"`
}

// query answers alipay.trade.query with a signed JSON response.
func (s *Sim) query(w http.ResponseWriter, p map[string]string) {
	if e := s.checkRequest(p, true); e != nil {
		s.writeQuery(w, queryNode{Code: "40002", Msg: "Invalid Arguments", SubCode: "isv." + e.Code, SubMsg: e.Message})
		return
	}
	var biz struct {
		OutTradeNo string `json:"out_trade_no"`
		TradeNo    string `json:"trade_no"`
	}
	if err := json.Unmarshal([]byte(p["biz_content"]), &biz); err != nil || (biz.OutTradeNo == "" && biz.TradeNo == "") {
		s.writeQuery(w, queryNode{Code: "40002", Msg: "Invalid Arguments", SubCode: "isv.invalid-parameter",
			SubMsg: "out_trade_no 与 trade_no 不能同时为空"})
		return
	}
	s.mu.Lock()
	var t *Trade
	if biz.OutTradeNo != "" {
		t = s.trades[biz.OutTradeNo]
	} else {
		for _, x := range s.trades {
			if x.TradeNo == biz.TradeNo {
				t = x
			}
		}
	}
	var node queryNode
	if t == nil {
		node = queryNode{Code: "40004", Msg: "Business Failed", SubCode: "ACQ.TRADE_NOT_EXIST", SubMsg: "交易不存在"}
	} else {
		amount := alipaysign.FormatYuan(t.AmountFen)
		node = queryNode{Code: "10000", Msg: "Success", BuyerLogonID: BuyerLogonID, BuyerUserID: BuyerID,
			OutTradeNo: t.OutTradeNo, TotalAmount: amount, TradeNo: t.TradeNo, TradeStatus: t.Status}
		if !t.PaidAt.IsZero() {
			node.BuyerPayAmount, node.InvoiceAmount, node.ReceiptAmount, node.PointAmount = amount, amount, amount, "0.00"
			node.SendPayDate = t.PaidAt.In(alipaysign.Beijing).Format(timeLayout)
		}
	}
	s.mu.Unlock()
	s.writeQuery(w, node)
}

// writeQuery writes {"alipay_trade_query_response":node,"sign":…}, the sign over
// the node's exact bytes.
func (s *Sim) writeQuery(w http.ResponseWriter, node queryNode) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(node); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	raw := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	sign, err := alipaysign.SignBytes(s.key, raw)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	signJSON, err := json.Marshal(sign)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	var out bytes.Buffer
	out.WriteString(`{"alipay_trade_query_response":`)
	out.Write(raw)
	out.WriteString(`,"sign":`)
	out.Write(signJSON)
	out.WriteString("}")
	_, _ = w.Write(out.Bytes())
}
