package apptest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Hasher "hashes" a password by prefixing it: fast, and a test can read what
// was stored.
type Hasher struct{}

// Hash returns the stored form of pw.
func (Hasher) Hash(pw string) (string, error) { return "plain:" + pw, nil }

// Verify reports whether hash is the stored form of pw.
func (Hasher) Verify(hash, pw string) (bool, error) { return hash == "plain:"+pw, nil }

// Imager draws no pictures: a slider challenge's images are fixed bytes.
type Imager struct{}

// Render returns two short byte strings.
func (Imager) Render(uint64, int, int) ([]byte, []byte, error) {
	return []byte("background"), []byte("piece"), nil
}

// Files is a file store in memory; it implements ports.FileStore.
type Files struct {
	mu    sync.Mutex
	files map[string][]byte
	// PutErr, when set, fails every Put.
	PutErr error
	// AfterPut, when set, runs after a Put stored its file: a test changes the
	// world there between the upload and what the use case does next.
	AfterPut func()
}

// NewFiles returns an empty store.
func NewFiles() *Files { return &Files{files: map[string][]byte{}} }

// Put stores the content under key.
func (f *Files) Put(_ context.Context, key string, r io.Reader) error {
	if f.PutErr != nil {
		return f.PutErr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.files[key] = data
	f.mu.Unlock()
	if f.AfterPut != nil {
		f.AfterPut()
	}
	return nil
}

// Open returns the content of key; a missing key is NotFound.
func (f *Files) Open(_ context.Context, key string) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[key]
	if !ok {
		return nil, apperr.NotFound("file_not_found", "文件不存在")
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

// Delete removes key.
func (f *Files) Delete(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, key)
	return nil
}

// Keys lists the stored keys in order.
func (f *Files) Keys() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	keys := make([]string, 0, len(f.files))
	for k := range f.files {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Renderer renders a form as a fake PDF naming its title; it implements
// ports.DocumentRenderer.
type Renderer struct {
	// Err, when set, fails every rendering.
	Err error
	mu  sync.Mutex
	// docs are the documents rendered, in order.
	docs []ports.FormDocument
}

// RenderForm returns "%PDF-" and the document's title.
func (r *Renderer) RenderForm(_ context.Context, doc ports.FormDocument) ([]byte, error) {
	if r.Err != nil {
		return nil, r.Err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.docs = append(r.docs, doc)
	return []byte("%PDF-1.7 " + doc.Title), nil
}

// Rendered returns the documents rendered so far.
func (r *Renderer) Rendered() []ports.FormDocument {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.docs)
}

// Gateway is a payment gateway whose messages are signed with the word
// "valid"; it implements ports.PaymentGateway.
type Gateway struct {
	// StartErr, when set, fails every StartPayment.
	StartErr error
	// Sandbox makes it a sandbox gateway: the payments it reports moved no money.
	Sandbox bool
	mu      sync.Mutex
	orders  []ports.PaymentOrder
	trades  map[string]ports.GatewayPayment // QueryTrade's answers
	asked   int
}

// SetTrade sets what QueryTrade answers about the trade of an order, as a
// message made by GatewayMessage says (e.g. paid, and its notification lost).
func (g *Gateway) SetTrade(msg url.Values) {
	gp, _ := verify(msg)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.trades == nil {
		g.trades = map[string]ports.GatewayPayment{}
	}
	g.trades[gp.OutTradeNo] = gp
}

// QueryTrade answers what SetTrade set; an order without a trade is NotFound
// (the member never opened the cashier). It implements ports.TradeQuerier.
func (g *Gateway) QueryTrade(_ context.Context, outTradeNo string) (ports.GatewayPayment, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.asked++
	gp, ok := g.trades[outTradeNo]
	if !ok {
		return ports.GatewayPayment{}, apperr.New(apperr.KindNotFound, "trade_not_found", "没有这笔交易")
	}
	gp.Sandbox = g.Sandbox
	return gp, nil
}

// Asked is how many times QueryTrade was called.
func (g *Gateway) Asked() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.asked
}

// StartPayment records the order and returns the gateway's page for it.
func (g *Gateway) StartPayment(_ context.Context, o ports.PaymentOrder) (string, error) {
	if g.StartErr != nil {
		return "", g.StartErr
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.orders = append(g.orders, o)
	return "https://gateway.example/pay?out_trade_no=" + url.QueryEscape(o.OutTradeNo), nil
}

// Orders returns the orders started so far.
func (g *Gateway) Orders() []ports.PaymentOrder {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.orders)
}

// VerifyNotification reads a message made by GatewayMessage; any other
// signature is Invalid.
func (g *Gateway) VerifyNotification(_ context.Context, form url.Values) (ports.GatewayPayment, error) {
	gp, err := verify(form)
	gp.Sandbox = g.Sandbox
	return gp, err
}

// VerifyReturn reads a return made by GatewayMessage.
func (g *Gateway) VerifyReturn(_ context.Context, query url.Values) (ports.GatewayPayment, error) {
	gp, err := verify(query)
	gp.Sandbox = g.Sandbox
	return gp, err
}

// GatewayMessage is a signed message of the gateway about an order: status is
// the gateway's trade status (TRADE_SUCCESS and TRADE_FINISHED mean paid).
func GatewayMessage(outTradeNo, tradeNo string, amountFen int64, status string) url.Values {
	return url.Values{"out_trade_no": {outTradeNo}, "trade_no": {tradeNo},
		"total_fen": {strconv.FormatInt(amountFen, 10)}, "trade_status": {status}, "sign": {"valid"}}
}

func verify(v url.Values) (ports.GatewayPayment, error) {
	amount, err := strconv.ParseInt(v.Get("total_fen"), 10, 64)
	if v.Get("sign") != "valid" || err != nil {
		return ports.GatewayPayment{}, apperr.New(apperr.KindInvalid, "signature_invalid", "签名无效")
	}
	status := v.Get("trade_status")
	return ports.GatewayPayment{OutTradeNo: v.Get("out_trade_no"), TradeNo: v.Get("trade_no"), AmountFen: amount,
		Status: status, Paid: status == "TRADE_SUCCESS" || status == "TRADE_FINISHED"}, nil
}

// Parser reads statements of one line per transaction,
// "2024-03-01,500000,payer,remark,bank ref" (the amount in fen), below a header
// line; it implements ports.StatementParser.
type Parser struct{}

// Parse returns the lines ("csv"); a line it cannot read is Invalid on
// "statement".
func (Parser) Parse(_ context.Context, _ string, data []byte) (string, []payment.Line, error) {
	rows := strings.Split(strings.TrimSpace(string(data)), "\n")
	var lines []payment.Line
	for i, row := range rows[1:] {
		f := strings.Split(row, ",")
		if len(f) != 5 {
			return "", nil, parseError(i + 2)
		}
		day, err := time.Parse(time.DateOnly, f[0])
		if err != nil {
			return "", nil, parseError(i + 2)
		}
		amount, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return "", nil, parseError(i + 2)
		}
		lines = append(lines, payment.Line{Row: i + 2, Date: day, AmountFen: amount, PayerName: f[2], Remark: f[3],
			BankRef: f[4]})
	}
	return "csv", lines, nil
}

func parseError(row int) error {
	var v apperr.Validation
	v.Add("statement", "statement_invalid", fmt.Sprintf("第%d行格式不正确", row))
	return v.Err()
}

// StatementFile writes lines in Parser's format, header first.
func StatementFile(lines ...string) io.Reader {
	return strings.NewReader("日期,金额,户名,摘要,流水号\n" + strings.Join(lines, "\n"))
}
