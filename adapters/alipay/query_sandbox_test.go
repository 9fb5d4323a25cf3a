package alipay_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

func TestQueryTradeFollowsTheTrade(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	order := e.order("Q2026000001")

	_, err := e.gw.QueryTrade(ctx, order.OutTradeNo)
	require.Error(t, err)
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound))
	assert.Equal(t, alipay.CodeTradeNotFound, apperr.As(err).Code)

	payURL, err := e.gw.StartPayment(ctx, order)
	require.NoError(t, err)
	c := browser()
	openCashier(t, c, payURL) // the trade exists once the cashier was shown
	p, err := e.gw.QueryTrade(ctx, order.OutTradeNo)
	require.NoError(t, err)
	assert.Equal(t, alipay.TradeWaitBuyerPay, p.Status)
	assert.False(t, p.Paid)
	assert.EqualValues(t, 48000, p.AmountFen)

	pay(t, c, payURL)
	p, err = e.gw.QueryTrade(ctx, order.OutTradeNo)
	require.NoError(t, err)
	assert.Equal(t, alipay.TradeSuccess, p.Status)
	assert.True(t, p.Paid)
	assert.False(t, p.PaidAt.IsZero())
	assert.Equal(t, testAppID, p.AppID)
	assert.Equal(t, alipaysim.BuyerID, p.BuyerID)
	tr, _ := e.sim.Trade(order.OutTradeNo)
	assert.Equal(t, tr.TradeNo, p.TradeNo)

	_, err = e.gw.QueryTrade(ctx, "")
	assert.Equal(t, alipay.CodeBadOrder, apperr.As(err).Code)
}

// fakeGateway answers every request with the handler's response.
func fakeGateway(t *testing.T, h http.HandlerFunc) *alipay.Gateway {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	keys := testKeys()
	gw, err := alipay.New(alipay.Config{GatewayURL: srv.URL, AppID: testAppID, PrivateKeyPEM: privatePEM(t, keys[0]),
		AlipayPublicKeyPEM: publicPEM(t, keys[1]), Timeout: 200 * time.Millisecond})
	require.NoError(t, err)
	return gw
}

func TestQueryTradeRefusesUnsignedOrFailedAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, body := range map[string]string{
		"no sign":      `{"alipay_trade_query_response":{"code":"10000","msg":"Success","out_trade_no":"Q1","trade_no":"1","trade_status":"TRADE_SUCCESS","total_amount":"480.00"}}`,
		"forged sign":  `{"alipay_trade_query_response":{"code":"10000","msg":"Success","out_trade_no":"Q1","trade_no":"1","trade_status":"TRADE_SUCCESS","total_amount":"480.00"},"sign":"AAAA"}`,
		"sign not str": `{"alipay_trade_query_response":{"code":"10000"},"sign":12}`,
	} {
		gw := fakeGateway(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
		_, err := gw.QueryTrade(ctx, "Q1")
		assert.Equal(t, alipay.CodeBadSignature, apperr.As(err).Code, name)
	}
	for name, h := range map[string]http.HandlerFunc{
		"HTTP 502": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "bad gateway", http.StatusBadGateway) },
		"not JSON": func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "<html>") },
		"no node":  func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"sign":"x"}`) },
		"too slow": func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // then the server notices the client leaving
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		},
	} {
		gw := fakeGateway(t, h)
		_, err := gw.QueryTrade(ctx, "Q1")
		require.Error(t, err, name)
		assert.True(t, apperr.IsKind(err, apperr.KindInternal), name)
		assert.Equal(t, alipay.CodeGateway, apperr.As(err).Code, name)
	}
}

func TestQueryTradeReportsGatewayErrors(t *testing.T) {
	t.Parallel()
	// A request the simulator refuses (the gateway signs with a key it does not
	// know) comes back as a signed business error.
	e := newEnv(t, envOptions{})
	keys := testKeys()
	gw, err := alipay.New(alipay.Config{GatewayURL: e.gateway.URL, AppID: testAppID,
		PrivateKeyPEM: privatePEM(t, keys[2]), AlipayPublicKeyPEM: e.sim.PublicKeyPEM()})
	require.NoError(t, err)
	_, err = gw.QueryTrade(context.Background(), "Q1")
	require.Error(t, err)
	assert.Equal(t, alipay.CodeGateway, apperr.As(err).Code)
	assert.Contains(t, err.Error(), "isv.invalid-signature")
}

// sandboxApp is an app with the embedded sandbox mounted and a notify handler
// that verifies with the sandbox gateway.
type sandboxApp struct {
	gw       *alipay.Gateway
	sim      *alipaysim.Sim
	mux      *http.ServeMux
	mu       sync.Mutex
	payments []ports.GatewayPayment
}

func newSandboxApp(t *testing.T, baseURL string, opts ...alipaysim.SandboxOption) *sandboxApp {
	t.Helper()
	a := &sandboxApp{mux: http.NewServeMux()}
	gw, h, err := alipaysim.NewSandbox(baseURL, opts...)
	require.NoError(t, err)
	a.gw = gw
	a.sim = h
	t.Cleanup(a.sim.Close)
	a.mux.Handle(alipaysim.SandboxPath, h)
	a.mux.HandleFunc("POST /pay/alipay/notify", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "fail", http.StatusBadRequest)
			return
		}
		p, err := a.gw.VerifyNotification(r.Context(), r.PostForm)
		if err != nil {
			http.Error(w, "fail", http.StatusBadRequest)
			return
		}
		a.mu.Lock()
		a.payments = append(a.payments, p)
		a.mu.Unlock()
		_, _ = io.WriteString(w, alipay.NotifyAck)
	})
	a.mux.HandleFunc("GET /pay/alipay/return", func(w http.ResponseWriter, r *http.Request) {
		if _, err := a.gw.VerifyReturn(r.Context(), r.URL.Query()); err != nil {
			http.Error(w, "fail", http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, "支付结果确认中")
	})
	return a
}

func (a *sandboxApp) order(baseURL, no string) ports.PaymentOrder {
	return ports.PaymentOrder{OutTradeNo: no, AmountFen: 48000, Subject: "个人会员会费",
		NotifyURL: baseURL + "/pay/alipay/notify", ReturnURL: baseURL + "/pay/alipay/return"}
}

func TestSandboxRunsTheWholeFlowInProcess(t *testing.T) {
	t.Parallel()
	var app *sandboxApp
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { app.mux.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	app = newSandboxApp(t, srv.URL+"/")
	assert.True(t, app.gw.IsSandbox())
	assert.Equal(t, alipaysim.SandboxAppID, app.gw.AppID())

	payURL, err := app.gw.StartPayment(context.Background(), app.order(srv.URL, "SB2026000001"))
	require.NoError(t, err)
	assert.Equal(t, srv.URL+alipaysim.SandboxPath, cutQuery(payURL))
	c := browser()
	page, _ := openCashier(t, c, payURL)
	assert.Contains(t, page, "沙箱环境 — 不会产生真实扣款")
	assert.Contains(t, page, "SANDBOX — no real money")
	back := pay(t, c, payURL)
	status, body := get(t, c, back.String())
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "支付结果确认中", body)
	app.mu.Lock()
	defer app.mu.Unlock()
	require.Len(t, app.payments, 1)
	assert.True(t, app.payments[0].Paid)
	assert.EqualValues(t, 48000, app.payments[0].AmountFen)
	assert.True(t, app.payments[0].Sandbox, "the gateway marks what the sandbox reports")
}

func TestSandboxCanDeliverWithoutTheNetwork(t *testing.T) {
	t.Parallel()
	// The public base URL does not resolve; browser and notifications both go
	// to the app's handler in-process.
	const base = "https://members.example.invalid"
	var app *sandboxApp
	appHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { app.mux.ServeHTTP(w, r) })
	app = newSandboxApp(t, base, alipaysim.WithSandboxHTTPClient(alipaysim.HandlerClient(appHandler)),
		alipaysim.WithSandboxClock(fixedClock{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}))
	payURL, err := app.gw.StartPayment(context.Background(), app.order(base, "SB2026000002"))
	require.NoError(t, err)
	assert.Contains(t, payURL, "timestamp=2026-05-01+08%3A00%3A00")
	back := pay(t, alipaysim.HandlerClient(appHandler), payURL)
	assert.True(t, strings.HasPrefix(back.String(), base+"/pay/alipay/return?"))
	assert.Equal(t, 1, app.sim.Deliveries())
	app.mu.Lock()
	defer app.mu.Unlock()
	require.Len(t, app.payments, 1)
	assert.Equal(t, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), app.payments[0].PaidAt.UTC())
}

func TestSandboxKeysArePerProcessAndPrivate(t *testing.T) {
	t.Parallel()
	a, _, err := alipaysim.NewSandbox("http://127.0.0.1:8080")
	require.NoError(t, err)
	b, hb, err := alipaysim.NewSandbox("http://127.0.0.1:8080")
	require.NoError(t, err)
	// A notification from sandbox b does not verify in sandbox a.
	n := hb.SignedNotification(ports.PaymentOrder{OutTradeNo: "X1", AmountFen: 1, Subject: "s"},
		alipay.TradeSuccess)
	gp, err := b.VerifyNotification(context.Background(), n)
	require.NoError(t, err)
	assert.True(t, gp.Sandbox)
	_, err = a.VerifyNotification(context.Background(), n)
	assert.Equal(t, alipay.CodeBadSignature, apperr.As(err).Code)

	for _, bad := range []string{"", "/relative", "ftp://x", "http://x?y=1"} {
		_, _, err := alipaysim.NewSandbox(bad)
		assert.Error(t, err, bad)
	}
}
