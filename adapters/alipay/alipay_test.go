package alipay_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"sort"
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

func TestPagePayEndToEndThroughTheSimulator(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	order := e.order("M2026000001")
	payURL, err := e.gw.StartPayment(ctx, order)
	require.NoError(t, err)
	require.Equal(t, e.gateway.URL+"/gateway.do", cutQuery(payURL))

	c := browser()
	page, form := openCashier(t, c, payURL)
	assert.Contains(t, page, "支付宝沙箱收银台")
	assert.Contains(t, page, alipaysim.SandboxNotice)
	assert.Contains(t, page, "中国质量协会个人会员会费（2026年度）")
	assert.Contains(t, page, "¥480.00")
	assert.Contains(t, page, "M2026000001")
	assert.Contains(t, page, "确认付款")
	assert.Equal(t, alipay.MethodPagePay, form.Get("method"))

	back := pay(t, c, payURL)
	// The notification was delivered (and acknowledged) before the browser was
	// sent back, so the return page can already show the recorded payment.
	got := e.merchant.recorded()
	require.Len(t, got, 1)
	n := got[0]
	assert.Equal(t, "M2026000001", n.OutTradeNo)
	assert.EqualValues(t, 48000, n.AmountFen)
	assert.Equal(t, alipay.TradeSuccess, n.Status)
	assert.True(t, n.Paid)
	assert.Equal(t, testAppID, n.AppID)
	assert.Len(t, n.TradeNo, 28)
	assert.Equal(t, alipaysim.BuyerID, n.BuyerID)
	assert.False(t, n.PaidAt.IsZero())
	assert.WithinDuration(t, time.Now(), n.PaidAt, time.Minute)
	assert.Equal(t, 1, e.sim.Deliveries())
	tr, ok := e.sim.Trade("M2026000001")
	require.True(t, ok)
	assert.True(t, tr.Acked)

	// The synchronous return: signed, same trade; not proof of payment.
	assert.Equal(t, e.merchant.srv.URL+"/return", back.Scheme+"://"+back.Host+back.Path)
	r, err := e.gw.VerifyReturn(ctx, back.Query())
	require.NoError(t, err)
	assert.Equal(t, n.TradeNo, r.TradeNo)
	assert.Equal(t, "M2026000001", r.OutTradeNo)
	assert.EqualValues(t, 48000, r.AmountFen)
	assert.False(t, r.Paid, "a return is not proof of payment")
	assert.Equal(t, alipay.MethodPagePayReturn, back.Query().Get("method"))
	status, body := get(t, c, back.String())
	assert.Equal(t, 200, status)
	assert.Equal(t, "back", body)

	// The order is paid: the cashier refuses to take the money twice.
	status, body = get(t, c, payURL)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "ACQ.TRADE_HAS_SUCCESS")
}

func TestNotificationIsRetriedUntilTheAnswerIsExactlySuccess(t *testing.T) {
	t.Parallel()
	// "fail", then "success\n" (not exact), then "success".
	e := newEnv(t, envOptions{retries: []time.Duration{5 * time.Millisecond, 5 * time.Millisecond, 5 * time.Millisecond},
		answers: []string{"fail", "success\n"}})
	payURL, err := e.gw.StartPayment(context.Background(), e.order("M2026000002"))
	require.NoError(t, err)
	pay(t, browser(), payURL)
	e.sim.Wait()
	assert.Equal(t, 3, e.sim.Deliveries())
	require.Len(t, e.merchant.recorded(), 1)
	tr, _ := e.sim.Trade("M2026000002")
	assert.True(t, tr.Acked)
	assert.Equal(t, 3, tr.Deliveries)
}

func TestNotificationGivesUpAfterTheRetries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{retries: []time.Duration{time.Millisecond, time.Millisecond},
		answers: []string{"fail", "fail", "fail", "fail"}})
	payURL, err := e.gw.StartPayment(context.Background(), e.order("M2026000003"))
	require.NoError(t, err)
	back := pay(t, browser(), payURL) // the browser is sent back all the same
	assert.NotEmpty(t, back.Query().Get("sign"))
	e.sim.Wait()
	assert.Equal(t, 3, e.sim.Deliveries())
	tr, _ := e.sim.Trade("M2026000003")
	assert.False(t, tr.Acked)
}

// signingString rebuilds Alipay's request signing string independently of the
// adapter: all parameters but sign, sorted, k=v joined with &.
func signingString(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "sign" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + q.Get(k)
	}
	return strings.Join(parts, "&")
}

func TestStartPaymentBuildsTheDocumentedRequest(t *testing.T) {
	t.Parallel()
	// 02:03:04 UTC is 10:03:04 in Beijing.
	e := newEnv(t, envOptions{clock: fixedClock{time.Date(2026, 3, 1, 2, 3, 4, 0, time.UTC)}})
	order := e.order("GR26_0042")
	payURL, err := e.gw.StartPayment(context.Background(), order)
	require.NoError(t, err)
	u, err := url.Parse(payURL)
	require.NoError(t, err)
	q := u.Query()
	var keys []string
	for k, v := range q {
		require.Len(t, v, 1, k)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"app_id", "biz_content", "charset", "format", "method", "notify_url", "return_url",
		"sign", "sign_type", "timestamp", "version"}, keys)
	assert.Equal(t, testAppID, q.Get("app_id"))
	assert.Equal(t, "alipay.trade.page.pay", q.Get("method"))
	assert.Equal(t, "JSON", q.Get("format"))
	assert.Equal(t, "utf-8", q.Get("charset"))
	assert.Equal(t, "RSA2", q.Get("sign_type"))
	assert.Equal(t, "2026-03-01 10:03:04", q.Get("timestamp"))
	assert.Equal(t, "1.0", q.Get("version"))
	assert.Equal(t, order.NotifyURL, q.Get("notify_url"))
	assert.Equal(t, order.ReturnURL, q.Get("return_url"))
	assert.Equal(t, `{"out_trade_no":"GR26_0042","product_code":"FAST_INSTANT_TRADE_PAY","total_amount":"480.00",`+
		`"subject":"中国质量协会个人会员会费（2026年度）"}`, q.Get("biz_content"))

	// The signature is SHA256withRSA over the documented string, with the app key.
	sig, err := base64.StdEncoding.DecodeString(q.Get("sign"))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(signingString(q)))
	require.NoError(t, rsa.VerifyPKCS1v15(&testKeys()[0].PublicKey, crypto.SHA256, sum[:], sig))
	assert.True(t, strings.HasPrefix(signingString(q), "app_id="+testAppID+"&biz_content={"))

	// Without a return URL the parameter is left out (empty values are not sent).
	order.ReturnURL = ""
	payURL, err = e.gw.StartPayment(context.Background(), order)
	require.NoError(t, err)
	u, _ = url.Parse(payURL)
	assert.False(t, u.Query().Has("return_url"))
}

func TestStartPaymentKeepsTheGatewayQuery(t *testing.T) {
	t.Parallel()
	keys := testKeys()
	gw, err := alipay.New(alipay.Config{GatewayURL: "https://openapi.alipay.com/gateway.do?charset=utf-8",
		AppID: testAppID, PrivateKeyPEM: privatePEM(t, keys[0]), AlipayPublicKeyPEM: publicPEM(t, keys[1])})
	require.NoError(t, err)
	assert.False(t, gw.IsSandbox())
	payURL, err := gw.StartPayment(context.Background(), ports.PaymentOrder{OutTradeNo: "A1", AmountFen: 1,
		Subject: "会费", NotifyURL: "https://example.org/notify"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(payURL, "https://openapi.alipay.com/gateway.do?charset=utf-8&app_id="), payURL)
	u, _ := url.Parse(payURL)
	assert.Contains(t, u.Query().Get("biz_content"), `"total_amount":"0.01"`)
}

func TestStartPaymentRefusesOrdersAlipayWouldRefuse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	good := e.order("M1")
	cases := map[string]func(o *ports.PaymentOrder){
		"empty out_trade_no":        func(o *ports.PaymentOrder) { o.OutTradeNo = "" },
		"long out_trade_no":         func(o *ports.PaymentOrder) { o.OutTradeNo = strings.Repeat("1", 65) },
		"out_trade_no with dash":    func(o *ports.PaymentOrder) { o.OutTradeNo = "M-1" },
		"out_trade_no with Chinese": func(o *ports.PaymentOrder) { o.OutTradeNo = "会费1" },
		"zero amount":               func(o *ports.PaymentOrder) { o.AmountFen = 0 },
		"negative amount":           func(o *ports.PaymentOrder) { o.AmountFen = -48000 },
		"amount over the ceiling":   func(o *ports.PaymentOrder) { o.AmountFen = 100_000_000_01 },
		"empty subject":             func(o *ports.PaymentOrder) { o.Subject = "  " },
		"long subject":              func(o *ports.PaymentOrder) { o.Subject = strings.Repeat("会", 257) },
		"subject with &":            func(o *ports.PaymentOrder) { o.Subject = "会费&年费" },
		"subject with =":            func(o *ports.PaymentOrder) { o.Subject = "a=b" },
		"invalid UTF-8 subject":     func(o *ports.PaymentOrder) { o.Subject = "\xff" },
		"no notify url":             func(o *ports.PaymentOrder) { o.NotifyURL = "" },
		"relative notify url":       func(o *ports.PaymentOrder) { o.NotifyURL = "/notify" },
		"ftp notify url":            func(o *ports.PaymentOrder) { o.NotifyURL = "ftp://example.org/n" },
		"notify url with query":     func(o *ports.PaymentOrder) { o.NotifyURL = "https://example.org/n?id=1" },
		"return url with query":     func(o *ports.PaymentOrder) { o.ReturnURL = "https://example.org/r?id=1" },
		"long return url":           func(o *ports.PaymentOrder) { o.ReturnURL = "https://example.org/" + strings.Repeat("r", 300) },
	}
	for name, mutate := range cases {
		o := good
		mutate(&o)
		_, err := e.gw.StartPayment(context.Background(), o)
		require.Error(t, err, name)
		ae := apperr.As(err)
		assert.Equal(t, apperr.KindInvalid, ae.Kind, name)
		assert.Equal(t, alipay.CodeBadOrder, ae.Code, name)
		assert.NotEmpty(t, ae.Message, name)
	}
	_, err := e.gw.StartPayment(context.Background(), good)
	require.NoError(t, err)
}

// resign replaces the sign of n with a signature by key over Alipay's
// verification string (all but sign and sign_type) — a forgery.
func resign(t testing.TB, n url.Values, key *rsa.PrivateKey) url.Values {
	t.Helper()
	out := url.Values{}
	keys := make([]string, 0, len(n))
	for k, v := range n {
		out[k] = append([]string(nil), v...)
		if k != "sign" && k != "sign_type" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + n.Get(k)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "&")))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	require.NoError(t, err)
	out.Set("sign", base64.StdEncoding.EncodeToString(sig))
	return out
}

func TestVerifyNotificationRejectsWhatAlipayDidNotSay(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	keys := testKeys()
	order := e.order("M2026000009")
	otherAlipay, err := alipaysim.New(alipaysim.Options{AppID: testAppID, AppPublicKeyPEM: publicPEM(t, keys[0]), Key: keys[3]})
	require.NoError(t, err)

	valid := func() url.Values { return e.sim.SignedNotification(order, alipay.TradeSuccess) }
	signedWith := func(edit func(v url.Values)) url.Values {
		v := valid()
		edit(v)
		return e.sim.Sign(v)
	}
	cases := []struct {
		name string
		form url.Values
		code string
	}{
		{"forged: signed with another key", resign(t, valid(), keys[2]), alipay.CodeBadSignature},
		{"re-signed: a whole message from another key pair", otherAlipay.SignedNotification(order, alipay.TradeSuccess), alipay.CodeBadSignature},
		{"tampered amount", func() url.Values { v := valid(); v.Set("total_amount", "0.01"); return v }(), alipay.CodeBadSignature},
		{"tampered out_trade_no", func() url.Values { v := valid(); v.Set("out_trade_no", "M2026000010"); return v }(), alipay.CodeBadSignature},
		{"tampered status", func() url.Values {
			v := e.sim.SignedNotification(order, alipay.TradeWaitBuyerPay)
			v.Set("trade_status", alipay.TradeSuccess)
			return v
		}(), alipay.CodeBadSignature},
		{"unsigned extra parameter", func() url.Values { v := valid(); v.Set("refund_fee", "480.00"); return v }(), alipay.CodeBadSignature},
		{"missing sign", func() url.Values { v := valid(); v.Del("sign"); return v }(), alipay.CodeBadSignature},
		{"empty sign", func() url.Values { v := valid(); v.Set("sign", ""); return v }(), alipay.CodeBadSignature},
		{"sign not base64", func() url.Values { v := valid(); v.Set("sign", "%%%"); return v }(), alipay.CodeBadSignature},
		{"sign_type downgraded to RSA", func() url.Values { v := valid(); v.Set("sign_type", "RSA"); return v }(), alipay.CodeBadSignature},
		{"parameter repeated", func() url.Values { v := valid(); v.Add("total_amount", "0.01"); return v }(), alipay.CodeBadSignature},
		{"empty form", url.Values{}, alipay.CodeBadSignature},
		{"wrong app id", signedWith(func(v url.Values) { v.Set("app_id", "2021009999999999") }), alipay.CodeWrongApp},
		{"no app id", signedWith(func(v url.Values) { v.Del("app_id") }), alipay.CodeWrongApp},
		{"amount with three decimals", signedWith(func(v url.Values) { v.Set("total_amount", "480.001") }), alipay.CodeBadAmount},
		{"negative amount", signedWith(func(v url.Values) { v.Set("total_amount", "-1") }), alipay.CodeBadAmount},
		{"exponent amount", signedWith(func(v url.Values) { v.Set("total_amount", "1e3") }), alipay.CodeBadAmount},
		{"empty amount", signedWith(func(v url.Values) { v.Set("total_amount", "") }), alipay.CodeBadAmount},
		{"zero amount", signedWith(func(v url.Values) { v.Set("total_amount", "0.00") }), alipay.CodeBadAmount},
		{"no out_trade_no", signedWith(func(v url.Values) { v.Del("out_trade_no") }), alipay.CodeBadMessage},
		{"no trade_no", signedWith(func(v url.Values) { v.Del("trade_no") }), alipay.CodeBadMessage},
		{"no trade_status", signedWith(func(v url.Values) { v.Del("trade_status") }), alipay.CodeBadMessage},
		{"other notify_type", signedWith(func(v url.Values) { v.Set("notify_type", "trade_refund") }), alipay.CodeBadMessage},
		{"malformed gmt_payment", signedWith(func(v url.Values) { v.Set("gmt_payment", "2026/03/01") }), alipay.CodeBadMessage},
	}
	for _, c := range cases {
		p, err := e.gw.VerifyNotification(context.Background(), c.form)
		require.Error(t, err, c.name)
		ae := apperr.As(err)
		assert.Equal(t, apperr.KindInvalid, ae.Kind, c.name)
		assert.Equal(t, c.code, ae.Code, c.name)
		assert.NotEmpty(t, ae.Message, c.name)
		assert.Equal(t, ports.GatewayPayment{}, p, c.name)
	}
	// The untouched message passes.
	p, err := e.gw.VerifyNotification(context.Background(), valid())
	require.NoError(t, err)
	assert.True(t, p.Paid)
	assert.False(t, p.Sandbox, "a gateway that is no sandbox marks nothing")
}

func TestVerifyChecksTheSellerWhenConfigured(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	keys := testKeys()
	cfg := alipay.Config{GatewayURL: e.gateway.URL, AppID: testAppID, PrivateKeyPEM: privatePEM(t, keys[0]),
		AlipayPublicKeyPEM: e.sim.PublicKeyPEM(), SellerID: "2088999999999999"}
	other, err := alipay.New(cfg)
	require.NoError(t, err)
	n := e.sim.SignedNotification(e.order("M5"), alipay.TradeSuccess)
	_, err = other.VerifyNotification(context.Background(), n)
	assert.Equal(t, alipay.CodeWrongSeller, apperr.As(err).Code)
	cfg.SellerID = e.sim.SellerID()
	same, err := alipay.New(cfg)
	require.NoError(t, err)
	_, err = same.VerifyNotification(context.Background(), n)
	require.NoError(t, err)
}

func TestVerifyNotificationReadsEveryStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	for status, paid := range map[string]bool{alipay.TradeSuccess: true, alipay.TradeFinished: true,
		alipay.TradeWaitBuyerPay: false, alipay.TradeClosed: false} {
		order := e.order("S_" + status)
		p, err := e.gw.VerifyNotification(context.Background(), e.sim.SignedNotification(order, status))
		require.NoError(t, err, status)
		assert.Equal(t, status, p.Status)
		assert.Equal(t, paid, p.Paid, status)
		assert.Equal(t, paid, !p.PaidAt.IsZero(), status)
		assert.Equal(t, paid, alipay.IsPaid(status))
	}
}

func TestVerifyNotificationReadsTheFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	n := e.sim.SignedNotification(e.order("M7"), alipay.TradeSuccess)
	for _, k := range []string{"notify_time", "notify_type", "notify_id", "app_id", "charset", "version", "sign_type",
		"sign", "trade_no", "out_trade_no", "buyer_id", "seller_id", "trade_status", "total_amount", "receipt_amount",
		"subject", "gmt_create", "gmt_payment", "fund_bill_list"} {
		assert.NotEmpty(t, n.Get(k), k)
	}
	// A fixed gmt_payment and the OpenID variant of the buyer.
	n.Set("gmt_payment", "2019-09-21 14:05:06")
	n.Del("buyer_id")
	n.Set("buyer_open_id", "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5")
	p, err := e.gw.VerifyNotification(context.Background(), e.sim.Sign(n))
	require.NoError(t, err)
	assert.True(t, p.PaidAt.Equal(time.Date(2019, 9, 21, 6, 5, 6, 0, time.UTC)), p.PaidAt)
	assert.Equal(t, "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5", p.BuyerID)
	assert.Equal(t, "M7", p.OutTradeNo)

	// A sign whose "+" became a space (sent without URL-encoding) still verifies.
	v := e.sim.SignedNotification(e.order("M8"), alipay.TradeSuccess)
	for !strings.Contains(v.Get("sign"), "+") {
		v = e.sim.SignedNotification(e.order("M8"), alipay.TradeSuccess)
	}
	v.Set("sign", strings.ReplaceAll(v.Get("sign"), "+", " "))
	_, err = e.gw.VerifyNotification(context.Background(), v)
	require.NoError(t, err)
}

func TestVerifyReturnChecksLikeANotification(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	order := e.order("M9")
	r := e.sim.SignedReturn(order)
	p, err := e.gw.VerifyReturn(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, "M9", p.OutTradeNo)
	assert.False(t, p.Paid)

	tampered := e.sim.SignedReturn(order)
	tampered.Set("total_amount", "1.00")
	_, err = e.gw.VerifyReturn(context.Background(), tampered)
	assert.Equal(t, alipay.CodeBadSignature, apperr.As(err).Code)

	other := e.sim.SignedReturn(order)
	other.Set("method", "alipay.trade.wap.pay.return")
	_, err = e.gw.VerifyReturn(context.Background(), e.sim.Sign(other))
	assert.Equal(t, alipay.CodeBadMessage, apperr.As(err).Code)

	// A return is not a notification: no trade_status.
	_, err = e.gw.VerifyNotification(context.Background(), e.sim.SignedReturn(order))
	assert.Equal(t, alipay.CodeBadMessage, apperr.As(err).Code)
}

func TestAmountParsing(t *testing.T) {
	t.Parallel()
	good := map[string]int64{"480.00": 48000, "480": 48000, "0.01": 1, "480.5": 48050, "480.10": 48010,
		"0": 0, "0.00": 0, "5000.00": 500000, "100000000.00": 10000000000, "999999999999.99": 99999999999999}
	for s, want := range good {
		got, err := alipay.ParseAmount(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"480.001", "-1", "1e3", "", "480.", ".5", ".", "+1", " 1", "1 ", "0x10", "01",
		"00.01", "1,000", "４８０", "NaN", "Inf", "480.0a", "1.2.3", "1000000000000", "4 80"} {
		_, err := alipay.ParseAmount(s)
		assert.Error(t, err, "%q", s)
	}
	for fen, want := range map[int64]string{48000: "480.00", 1: "0.01", 0: "0.00", 123456: "1234.56", 10: "0.10",
		500000: "5000.00", 1000000: "10000.00"} {
		assert.Equal(t, want, alipay.FormatAmount(fen))
		back, err := alipay.ParseAmount(want)
		require.NoError(t, err)
		assert.Equal(t, fen, back)
	}
}

func TestNewRefusesBadConfiguration(t *testing.T) {
	t.Parallel()
	keys := testKeys()
	good := alipay.Config{GatewayURL: alipay.ProductionGatewayURL, AppID: testAppID,
		PrivateKeyPEM: privatePEM(t, keys[0]), AlipayPublicKeyPEM: publicPEM(t, keys[1])}
	_, err := alipay.New(good)
	require.NoError(t, err)
	for name, mutate := range map[string]func(c *alipay.Config){
		"no gateway":        func(c *alipay.Config) { c.GatewayURL = "" },
		"relative gateway":  func(c *alipay.Config) { c.GatewayURL = "/gateway.do" },
		"no app id":         func(c *alipay.Config) { c.AppID = "" },
		"GBK":               func(c *alipay.Config) { c.Charset = "GBK" },
		"RSA (SHA1)":        func(c *alipay.Config) { c.SignType = "RSA" },
		"no private key":    func(c *alipay.Config) { c.PrivateKeyPEM = "" },
		"garbage key":       func(c *alipay.Config) { c.PrivateKeyPEM = "not a key" },
		"public as private": func(c *alipay.Config) { c.PrivateKeyPEM = c.AlipayPublicKeyPEM },
		"private as public": func(c *alipay.Config) { c.AlipayPublicKeyPEM = c.PrivateKeyPEM },
		"no Alipay key":     func(c *alipay.Config) { c.AlipayPublicKeyPEM = "" },
	} {
		c := good
		mutate(&c)
		_, err := alipay.New(c)
		assert.Error(t, err, name)
	}
	for _, c := range []alipay.Config{
		{GatewayURL: alipay.SandboxGatewayURL, AppID: testAppID, PrivateKeyPEM: good.PrivateKeyPEM,
			AlipayPublicKeyPEM: good.AlipayPublicKeyPEM, Charset: "UTF-8", SignType: "RSA2"},
	} {
		g, err := alipay.New(c)
		require.NoError(t, err)
		assert.True(t, g.IsSandbox())
		assert.Equal(t, testAppID, g.AppID())
	}
}

func TestVerifyNotificationIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	n := e.sim.SignedNotification(e.order("M_CONC"), alipay.TradeSuccess)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			form := url.Values{}
			for k, v := range n {
				form[k] = append([]string(nil), v...)
			}
			_, err := e.gw.VerifyNotification(context.Background(), form)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

func BenchmarkVerifyNotification(b *testing.B) {
	e := newEnv(b, envOptions{})
	n := e.sim.SignedNotification(e.order("M_BENCH"), alipay.TradeSuccess)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.gw.VerifyNotification(ctx, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStartPayment(b *testing.B) {
	e := newEnv(b, envOptions{})
	order := e.order("M_BENCH")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.gw.StartPayment(ctx, order); err != nil {
			b.Fatal(err)
		}
	}
}
