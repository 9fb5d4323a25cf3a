package alipay_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/ports"
)

// Test keys, generated once per test binary (2048-bit generation is slow):
// 0 the app, 1 the simulated Alipay, 2 a forger, 3 another "Alipay".
var testKeys = sync.OnceValue(func() []*rsa.PrivateKey {
	keys := make([]*rsa.PrivateKey, 4)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	return keys
})

const testAppID = "2021000123456789"

func privatePEM(t testing.TB, k *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func publicPEM(t testing.TB, k *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// merchant plays the app's notify_url and return_url.
type merchant struct {
	gw       *alipay.Gateway
	srv      *httptest.Server
	mu       sync.Mutex
	answers  []string // answers of the first posts; later ones get "success"
	posts    int
	payments []ports.GatewayPayment
	rejects  []error
}

func (m *merchant) notify(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "fail", http.StatusBadRequest)
		return
	}
	p, err := m.gw.VerifyNotification(r.Context(), r.PostForm)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.posts++
	if err != nil {
		m.rejects = append(m.rejects, err)
		http.Error(w, "fail", http.StatusBadRequest)
		return
	}
	if len(m.answers) > 0 {
		answer := m.answers[0]
		m.answers = m.answers[1:]
		_, _ = io.WriteString(w, answer)
		return
	}
	m.payments = append(m.payments, p)
	_, _ = io.WriteString(w, alipay.NotifyAck)
}

func (m *merchant) recorded() []ports.GatewayPayment {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]ports.GatewayPayment(nil), m.payments...)
}

// env is a gateway, a simulator behind an httptest server and a merchant.
type env struct {
	gw       *alipay.Gateway
	sim      *alipaysim.Sim
	gateway  *httptest.Server
	merchant *merchant
}

type envOptions struct {
	clock   ports.Clock
	retries []time.Duration
	answers []string
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	keys := testKeys()
	sim, err := alipaysim.New(alipaysim.Options{AppID: testAppID, AppPublicKeyPEM: publicPEM(t, keys[0]),
		Key: keys[1], RetryDelays: o.retries})
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	gatewaySrv := httptest.NewServer(sim)
	t.Cleanup(gatewaySrv.Close)
	gw, err := alipay.New(alipay.Config{GatewayURL: gatewaySrv.URL + "/gateway.do", AppID: testAppID,
		PrivateKeyPEM: privatePEM(t, keys[0]), AlipayPublicKeyPEM: sim.PublicKeyPEM(), Clock: o.clock})
	require.NoError(t, err)
	m := &merchant{gw: gw, answers: o.answers}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /notify", m.notify)
	mux.HandleFunc("GET /return", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "back") })
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
	return &env{gw: gw, sim: sim, gateway: gatewaySrv, merchant: m}
}

func (e *env) order(outTradeNo string) ports.PaymentOrder {
	return ports.PaymentOrder{OutTradeNo: outTradeNo, AmountFen: 48000, Subject: "中国质量协会个人会员会费（2026年度）",
		NotifyURL: e.merchant.srv.URL + "/notify", ReturnURL: e.merchant.srv.URL + "/return"}
}

// browser is an http.Client that does not follow redirects, so tests see them.
func browser() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// openCashier follows a page-pay URL and returns the page and its form.
func openCashier(t testing.TB, c *http.Client, payURL string) (string, url.Values) {
	t.Helper()
	resp, err := c.Get(payURL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(string(body), -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return string(body), form
}

// pay opens the cashier of payURL, presses 「确认付款」 and returns the redirect.
func pay(t testing.TB, c *http.Client, payURL string) *url.URL {
	t.Helper()
	page, form := openCashier(t, c, payURL)
	require.Contains(t, page, "确认付款")
	u, err := url.Parse(payURL)
	require.NoError(t, err)
	u.RawQuery = ""
	resp, err := c.PostForm(u.String(), form)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, string(body))
	loc, err := resp.Location()
	require.NoError(t, err)
	return loc
}

func get(t testing.TB, c *http.Client, u string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	require.NoError(t, err)
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// cutQuery returns u without its query.
func cutQuery(u string) string {
	base, _, _ := strings.Cut(u, "?")
	return base
}
