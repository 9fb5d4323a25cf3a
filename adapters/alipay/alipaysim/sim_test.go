package alipaysim_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/ports"
)

const appID = "2021000123456789"

// 0 the app, 1 the simulator, 2 a stranger.
var keys = sync.OnceValue(func() []*rsa.PrivateKey {
	out := make([]*rsa.PrivateKey, 3)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			out[i] = k
		})
	}
	wg.Wait()
	return out
})

func pubPEM(t testing.TB, k *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func privPEM(t testing.TB, k *rsa.PrivateKey) string {
	t.Helper()
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

type fixture struct {
	sim *alipaysim.Sim
	srv *httptest.Server
	gw  *alipay.Gateway
}

func newFixture(t *testing.T, opts alipaysim.Options) *fixture {
	t.Helper()
	k := keys()
	if opts.AppID == "" {
		opts.AppID = appID
	}
	opts.AppPublicKeyPEM = pubPEM(t, k[0])
	if opts.Key == nil {
		opts.Key = k[1]
	}
	sim, err := alipaysim.New(opts)
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	gw, err := alipay.New(alipay.Config{GatewayURL: srv.URL + "/gateway.do", AppID: appID,
		PrivateKeyPEM: privPEM(t, k[0]), AlipayPublicKeyPEM: sim.PublicKeyPEM()})
	require.NoError(t, err)
	return &fixture{sim: sim, srv: srv, gw: gw}
}

func order(no string) ports.PaymentOrder {
	return ports.PaymentOrder{OutTradeNo: no, AmountFen: 48000, Subject: "个人会员会费",
		NotifyURL: "http://127.0.0.1:1/notify", ReturnURL: "http://127.0.0.1:1/return"}
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, req *http.Request) (int, string, http.Header) {
	t.Helper()
	resp, err := noRedirect().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body), resp.Header
}

func getURL(t *testing.T, u string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	require.NoError(t, err)
	status, body, _ := do(t, req)
	return status, body
}

func postForm(t *testing.T, u string, form url.Values) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

// signRequest signs request parameters with key as a merchant does (all but
// sign with a value, sorted) — independently of the adapter.
func signRequest(t *testing.T, p url.Values, key *rsa.PrivateKey) url.Values {
	t.Helper()
	var parts []string
	for k := range p {
		if k != "sign" && p.Get(k) != "" {
			parts = append(parts, k+"="+p.Get(k))
		}
	}
	sort.Strings(parts)
	sum := sha256.Sum256([]byte(strings.Join(parts, "&")))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	require.NoError(t, err)
	p.Set("sign", base64.StdEncoding.EncodeToString(sig))
	return p
}

func pagePay(biz string) url.Values {
	return url.Values{"app_id": {appID}, "method": {"alipay.trade.page.pay"}, "format": {"JSON"},
		"charset": {"utf-8"}, "sign_type": {"RSA2"}, "timestamp": {time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04:05")},
		"version": {"1.0"}, "notify_url": {"http://127.0.0.1:1/notify"}, "biz_content": {biz}}
}

const goodBiz = `{"out_trade_no":"S1","product_code":"FAST_INSTANT_TRADE_PAY","total_amount":"480.00","subject":"会费"}`

var errorCode = regexp.MustCompile(`<dd id="error-code">([^<]*)</dd>`)

func refusedWith(t *testing.T, status int, body, code string) {
	t.Helper()
	assert.Equal(t, http.StatusBadRequest, status, body)
	m := errorCode.FindStringSubmatch(body)
	require.NotNil(t, m, body)
	assert.Equal(t, code, m[1])
	assert.Contains(t, body, alipaysim.SandboxNotice)
}

func TestTheCashierRefusesRequestsItCannotTrust(t *testing.T) {
	t.Parallel()
	f := newFixture(t, alipaysim.Options{})
	k := keys()
	payURL, err := f.gw.StartPayment(context.Background(), order("S1"))
	require.NoError(t, err)
	u, _ := url.Parse(payURL)
	base := f.srv.URL + "/gateway.do?"
	edit := func(change func(q url.Values)) string {
		q := u.Query()
		change(q)
		return base + q.Encode()
	}
	cases := []struct {
		name, url, code string
	}{
		{"tampered amount", edit(func(q url.Values) {
			q.Set("biz_content", strings.Replace(q.Get("biz_content"), "480.00", "0.01", 1))
		}), "invalid-signature"},
		{"tampered notify_url", edit(func(q url.Values) { q.Set("notify_url", "http://169.254.169.254/") }), "invalid-signature"},
		{"missing sign", edit(func(q url.Values) { q.Del("sign") }), "missing-signature"},
		{"other app", edit(func(q url.Values) { q.Set("app_id", "2021000000000999") }), "invalid-app-id"},
		{"no app", edit(func(q url.Values) { q.Del("app_id") }), "missing-app-id"},
		{"RSA", edit(func(q url.Values) { q.Set("sign_type", "RSA") }), "invalid-sign-type"},
		{"GBK", edit(func(q url.Values) { q.Set("charset", "GBK") }), "invalid-charset"},
		{"no method", edit(func(q url.Values) { q.Del("method") }), "missing-method"},
		{"other method", edit(func(q url.Values) { q.Set("method", "alipay.trade.wap.pay") }), "invalid-method"},
		{"repeated parameter", edit(func(q url.Values) { q.Add("app_id", appID) }), "invalid-parameter"},
		{"a stranger's key", base + signRequest(t, pagePay(goodBiz), k[2]).Encode(), "invalid-signature"},
		{"wrong product", base + signRequest(t, pagePay(strings.Replace(goodBiz, "FAST_INSTANT_TRADE_PAY", "QUICK_WAP_WAY", 1)), k[0]).Encode(), "invalid-parameter"},
		{"bad amount", base + signRequest(t, pagePay(strings.Replace(goodBiz, "480.00", "480.001", 1)), k[0]).Encode(), "invalid-parameter"},
		{"zero amount", base + signRequest(t, pagePay(strings.Replace(goodBiz, "480.00", "0.00", 1)), k[0]).Encode(), "invalid-parameter"},
		{"no subject", base + signRequest(t, pagePay(strings.Replace(goodBiz, "会费", "", 1)), k[0]).Encode(), "invalid-parameter"},
		{"biz not JSON", base + signRequest(t, pagePay("{"), k[0]).Encode(), "invalid-parameter"},
		{"bad timestamp", base + signRequest(t, func() url.Values { p := pagePay(goodBiz); p.Set("timestamp", "now"); return p }(), k[0]).Encode(), "invalid-timestamp"},
		{"bad notify_url", base + signRequest(t, func() url.Values { p := pagePay(goodBiz); p.Set("notify_url", "file:///etc/passwd"); return p }(), k[0]).Encode(), "invalid-parameter"},
	}
	for _, c := range cases {
		status, body := getURL(t, c.url)
		refusedWith(t, status, body, c.code)
		if c.code == "invalid-signature" {
			assert.Contains(t, body, "验签出错", c.name)
		}
	}
	// The untouched request and one signed independently are accepted.
	status, body := getURL(t, payURL)
	assert.Equal(t, http.StatusOK, status, body)
	status, body = getURL(t, base+signRequest(t, pagePay(strings.Replace(goodBiz, "S1", "S2", 1)), k[0]).Encode())
	assert.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, 0, f.sim.Deliveries())
}

func TestTheCashierChecksTheClockWhenAsked(t *testing.T) {
	t.Parallel()
	f := newFixture(t, alipaysim.Options{MaxClockSkew: 10 * time.Minute})
	p := pagePay(goodBiz)
	p.Set("timestamp", "2019-09-21 10:00:00")
	status, body := getURL(t, f.srv.URL+"/?"+signRequest(t, p, keys()[0]).Encode())
	refusedWith(t, status, body, "invalid-timestamp")
	status, _ = getURL(t, f.srv.URL+"/?"+signRequest(t, pagePay(goodBiz), keys()[0]).Encode())
	assert.Equal(t, http.StatusOK, status)
}

var hidden = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

func cashierForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range hidden.FindAllStringSubmatch(body, -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	require.NotEmpty(t, form)
	return form
}

func TestAConfirmationWithATamperedFormPaysNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, alipaysim.Options{})
	payURL, err := f.gw.StartPayment(context.Background(), order("S3"))
	require.NoError(t, err)
	status, body := getURL(t, payURL)
	require.Equal(t, http.StatusOK, status)
	form := cashierForm(t, body)
	form.Set("notify_url", "http://127.0.0.1:2/elsewhere")
	status, body, _ = postForm(t, f.srv.URL+"/gateway.do", form)
	refusedWith(t, status, body, "invalid-signature")
	assert.Equal(t, 0, f.sim.Deliveries())
	tr, ok := f.sim.Trade("S3")
	require.True(t, ok)
	assert.Equal(t, alipaysim.TradeWaitBuyerPay, tr.Status)
}

func TestTheSameOrderNumberCannotChangeItsAmount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, alipaysim.Options{})
	o := order("S4")
	first, err := f.gw.StartPayment(context.Background(), o)
	require.NoError(t, err)
	status, _ := getURL(t, first)
	require.Equal(t, http.StatusOK, status)
	o.AmountFen = 1
	second, err := f.gw.StartPayment(context.Background(), o)
	require.NoError(t, err)
	status, body := getURL(t, second)
	refusedWith(t, status, body, "ACQ.CONTEXT_INCONSISTENT")
}

func TestWithoutReturnURLTheCashierSaysDone(t *testing.T) {
	t.Parallel()
	var posts sync.WaitGroup
	posts.Add(1)
	notify := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer posts.Done()
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/x-www-form-urlencoded; charset=utf-8", r.Header.Get("Content-Type"))
		require.NoError(t, r.ParseForm())
		assert.Equal(t, "S5", r.PostForm.Get("out_trade_no"))
		assert.Empty(t, r.URL.RawQuery, "notifications are in the body")
		_, _ = io.WriteString(w, "success")
	}))
	t.Cleanup(notify.Close)
	f := newFixture(t, alipaysim.Options{})
	o := order("S5")
	o.NotifyURL, o.ReturnURL = notify.URL+"/n", ""
	payURL, err := f.gw.StartPayment(context.Background(), o)
	require.NoError(t, err)
	status, body := getURL(t, payURL)
	require.Equal(t, http.StatusOK, status)
	status, body, h := postForm(t, f.srv.URL+"/gateway.do", cashierForm(t, body))
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "付款成功")
	status, body = getURL(t, payURL)
	refusedWith(t, status, body, "ACQ.TRADE_HAS_SUCCESS")
	assert.Contains(t, h.Get("Content-Security-Policy"), "default-src 'none'")
	posts.Wait()
	assert.Equal(t, 1, f.sim.Deliveries())
	// Confirming again redelivers the same trade and does not pay twice.
	tr, _ := f.sim.Trade("S5")
	posts.Add(1)
	// The cashier page is no longer offered for a paid order; replay its form.
	replay, err := f.gw.StartPayment(context.Background(), o)
	require.NoError(t, err)
	u, _ := url.Parse(replay)
	form := u.Query()
	form.Set("alipaysim_action", "pay")
	status, _, _ = postForm(t, f.srv.URL+"/gateway.do", form)
	assert.Equal(t, http.StatusOK, status)
	posts.Wait()
	again, _ := f.sim.Trade("S5")
	assert.Equal(t, tr.TradeNo, again.TradeNo)
	assert.Equal(t, tr.PaidAt, again.PaidAt)
	assert.Equal(t, 2, f.sim.Deliveries())
}

func TestARedirectIsNotAnAcknowledgement(t *testing.T) {
	t.Parallel()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/ok", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "success")
	}))
	t.Cleanup(target.Close)
	f := newFixture(t, alipaysim.Options{})
	n := f.sim.SignedNotification(order("S6"), alipaysim.TradeSuccess)
	ok, err := f.sim.Deliver(context.Background(), target.URL+"/moved", n)
	assert.False(t, ok)
	assert.Error(t, err)
	ok, err = f.sim.Deliver(context.Background(), target.URL+"/ok", n)
	assert.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, 2, f.sim.Deliveries())
	tr, _ := f.sim.Trade("S6")
	assert.True(t, tr.Acked)
	assert.Equal(t, 2, tr.Deliveries)
}

func TestCloseStopsTheRetries(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	f := newFixture(t, alipaysim.Options{RetryDelays: []time.Duration{time.Hour}})
	o := order("S7")
	o.NotifyURL = down.URL
	payURL, err := f.gw.StartPayment(context.Background(), o)
	require.NoError(t, err)
	_, body := getURL(t, payURL)
	status, _, _ := postForm(t, f.srv.URL+"/gateway.do", cashierForm(t, body))
	assert.Equal(t, http.StatusSeeOther, status)
	done := make(chan struct{})
	go func() { f.sim.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop the retry")
	}
	assert.Equal(t, 1, f.sim.Deliveries())
}

func TestOtherMethodsAndVerbs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, alipaysim.Options{})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, f.srv.URL, nil)
	status, _, h := do(t, req)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "GET, HEAD, POST", h.Get("Allow"))

	// A page payment posted as a form (what Alipay's SDKs render) works too.
	payURL, err := f.gw.StartPayment(context.Background(), order("S8"))
	require.NoError(t, err)
	u, _ := url.Parse(payURL)
	status, body, _ := postForm(t, f.srv.URL+"/gateway.do", u.Query())
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "确认付款")
}

func TestNewRefusesIncompleteOptions(t *testing.T) {
	t.Parallel()
	k := keys()
	_, err := alipaysim.New(alipaysim.Options{AppPublicKeyPEM: pubPEM(t, k[0])})
	assert.Error(t, err)
	_, err = alipaysim.New(alipaysim.Options{AppID: appID, AppPublicKeyPEM: "x"})
	assert.Error(t, err)
	weak, err := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // the point: too short
	require.NoError(t, err)
	_, err = alipaysim.New(alipaysim.Options{AppID: appID, AppPublicKeyPEM: pubPEM(t, k[0]), Key: weak})
	assert.Error(t, err)
	s, err := alipaysim.New(alipaysim.Options{AppID: appID, AppPublicKeyPEM: pubPEM(t, k[0]), Key: k[1], SellerID: "2088123"})
	require.NoError(t, err)
	assert.Equal(t, "2088123", s.SellerID())
	assert.Equal(t, appID, s.AppID())
	assert.Contains(t, s.PublicKeyPEM(), "BEGIN PUBLIC KEY")
	_, ok := s.Trade("none")
	assert.False(t, ok)
}
