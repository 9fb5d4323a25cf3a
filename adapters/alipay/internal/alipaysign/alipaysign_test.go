package alipaysign

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// The example of Alipay's open-platform documentation ("自行实现签名"): the
// request parameters and the string to sign they document for them.
func TestSignContentMatchesAlipaysDocumentedExample(t *testing.T) {
	t.Parallel()
	biz := `{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"},{"name":"查询","subButton":[` +
		`{"actionParam":"ZFB_YECX","actionType":"out","name":"余额查询"},{"actionParam":"ZFB_LLCX","actionType":"out","name":"流量查询"},` +
		`{"actionParam":"ZFB_HFCX","actionType":"out","name":"话费查询"}]},{"actionParam":"http://m.alipay.com","actionType":"link","name":"最新优惠"}]}`
	params := map[string]string{
		"method":      "alipay.mobile.public.menu.add",
		"charset":     "GBK",
		"sign_type":   "RSA2",
		"timestamp":   "2014-07-24 03:07:50",
		"biz_content": biz,
		"app_id":      "2014072300007148",
		"version":     "1.0",
		"sign":        "must not be signed",
		"notify_url":  "", // empty values are left out
	}
	want := "app_id=2014072300007148&biz_content=" + biz +
		"&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0"
	assert.Equal(t, want, SignContent(params))
}

// The example of Alipay's documentation of the asynchronous notification
// ("异步通知验签"): the notification as received and the string to verify
// they document for it (sign and sign_type removed, sorted, values decoded).
func TestCheckContentMatchesAlipaysDocumentedExample(t *testing.T) {
	t.Parallel()
	received := "gmt_payment=2015-06-11 22:33:59&notify_id=42af7baacd1d3746cf7b56752b91edcj34" +
		"&seller_email=testyufabu07@alipay.com&notify_type=trade_status_sync" +
		"&sign=kPbQIjX+xQc8F0/A6/AocELIjhhZnGbcBN6G4MM/HmfWL4ZiHM6fWl5NQhzXJusaklZ1LFuMo+lHQUELAYeugH8LYFvxnNajOvZhuxNFbN2LhF0l/KL8ANtj8oyPM4NN7Qft2kWJTDJUpQOzCzNnV9hDxh5AaT9FPqRS6ZKxnzM=" +
		"&trade_no=2015061121001004400068549373&out_trade_no=21repl2ac2eOutTradeNo322&gmt_create=2015-06-11 22:33:46" +
		"&seller_id=2088211521646673&notify_time=2015-06-11 22:34:03&subject=FACE_TO_FACE_PAYMENT_PRECREATE中文" +
		"&trade_status=TRADE_SUCCESS&sign_type=RSA2"
	params := map[string]string{}
	for _, kv := range strings.Split(received, "&") {
		k, v, _ := strings.Cut(kv, "=")
		params[k] = v
	}
	want := "gmt_create=2015-06-11 22:33:46&gmt_payment=2015-06-11 22:33:59&notify_id=42af7baacd1d3746cf7b56752b91edcj34" +
		"&notify_time=2015-06-11 22:34:03&notify_type=trade_status_sync&out_trade_no=21repl2ac2eOutTradeNo322" +
		"&seller_email=testyufabu07@alipay.com&seller_id=2088211521646673&subject=FACE_TO_FACE_PAYMENT_PRECREATE中文" +
		"&trade_no=2015061121001004400068549373&trade_status=TRADE_SUCCESS"
	assert.Equal(t, want, CheckContent(params))

	// Empty values stay in the verification string (Alipay's SDK keeps them).
	params["passback_params"] = ""
	assert.Contains(t, CheckContent(params), "&passback_params=&")
}

func TestSingleRefusesRepeatedParameters(t *testing.T) {
	t.Parallel()
	m, err := Single(url.Values{"a": {"1"}, "b": {""}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1", "b": ""}, m)
	_, err = Single(url.Values{"a": {"1", "2"}})
	require.ErrorIs(t, err, ErrDuplicate)
	_, err = Single(url.Values{"a": {}})
	require.ErrorIs(t, err, ErrDuplicate)
}

func TestSignAndVerify(t *testing.T) {
	t.Parallel()
	k := testKey()
	sig, err := Sign(k, "a=1&b=中文")
	require.NoError(t, err)
	require.NoError(t, Verify(&k.PublicKey, "a=1&b=中文", sig))
	require.NoError(t, Verify(&k.PublicKey, "a=1&b=中文", " "+strings.ReplaceAll(sig, "+", " ")+"\n"))
	require.Error(t, Verify(&k.PublicKey, "a=1&b=中文 ", sig))
	require.Error(t, Verify(&k.PublicKey, "a=1&b=中文", "not base64!"))
	require.Error(t, Verify(&k.PublicKey, "a=1&b=中文", ""))
	raw, _ := base64.StdEncoding.DecodeString(sig)
	raw[10] ^= 1
	require.Error(t, Verify(&k.PublicKey, "a=1&b=中文", base64.StdEncoding.EncodeToString(raw)))
}

func TestKeysAreReadInEveryFormAlipayHandsOut(t *testing.T) {
	t.Parallel()
	k := testKey()
	pkcs1 := x509.MarshalPKCS1PrivateKey(k)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	b64 := base64.StdEncoding.EncodeToString
	wrapped := func(s string) string { // the console's 64-column text
		var b strings.Builder
		for len(s) > 64 {
			b.WriteString(s[:64] + "\n")
			s = s[64:]
		}
		return b.String() + s
	}
	for name, s := range map[string]string{
		"PKCS#1 PEM":          string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: pkcs1})),
		"PKCS#8 PEM":          string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})),
		"PKCS#8 base64":       b64(pkcs8),
		"PKCS#1 base64":       b64(pkcs1),
		"PKCS#8 base64 lines": "  " + wrapped(b64(pkcs8)) + "\r\n",
	} {
		got, err := ParsePrivateKey(s)
		require.NoError(t, err, name)
		assert.True(t, got.Equal(k), name)
	}
	pkix, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	for name, s := range map[string]string{
		"PKIX PEM":      string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix})),
		"PKCS#1 PEM":    string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.PublicKey)})),
		"PKIX base64":   b64(pkix),
		"PKCS#1 base64": b64(x509.MarshalPKCS1PublicKey(&k.PublicKey)),
	} {
		got, err := ParsePublicKey(s)
		require.NoError(t, err, name)
		assert.True(t, got.Equal(&k.PublicKey), name)
	}
	// Round trip of the encoders.
	privPEM, err := PrivateKeyPEM(k)
	require.NoError(t, err)
	pubPEM, err := PublicKeyPEM(&k.PublicKey)
	require.NoError(t, err)
	got, err := ParsePrivateKey(privPEM)
	require.NoError(t, err)
	assert.True(t, got.Equal(k))
	gotPub, err := ParsePublicKey(pubPEM)
	require.NoError(t, err)
	assert.True(t, gotPub.Equal(&k.PublicKey))
}

func TestWeakOrForeignKeysAreRefused(t *testing.T) {
	t.Parallel()
	weak, err := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // the point: a key too short for RSA2
	require.NoError(t, err)
	weakDER, err := x509.MarshalPKCS8PrivateKey(weak)
	require.NoError(t, err)
	weakPub, err := x509.MarshalPKIXPublicKey(&weak.PublicKey)
	require.NoError(t, err)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ecDER, err := x509.MarshalPKCS8PrivateKey(ec)
	require.NoError(t, err)
	ecPub, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	require.NoError(t, err)
	pemOf := func(typ string, der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	}
	good := pemOf("PRIVATE KEY", mustPKCS8(t, testKey()))
	for name, s := range map[string]string{
		"empty":          "",
		"1024-bit":       pemOf("PRIVATE KEY", weakDER),
		"EC":             pemOf("PRIVATE KEY", ecDER),
		"certificate":    pemOf("CERTIFICATE", weakDER),
		"garbage base64": "bm90IGEga2V5",
		"not base64":     "not a key!",
		"broken PEM":     "-----BEGIN PRIVATE KEY-----\nAAAA",
		"two blocks":     good + good,
	} {
		_, err := ParsePrivateKey(s)
		assert.Error(t, err, name)
	}
	for name, s := range map[string]string{
		"empty":       "",
		"1024-bit":    pemOf("PUBLIC KEY", weakPub),
		"EC":          pemOf("PUBLIC KEY", ecPub),
		"private key": good,
		"garbage":     "bm90IGEga2V5",
	} {
		_, err := ParsePublicKey(s)
		assert.Error(t, err, name)
	}
}

func mustPKCS8(t *testing.T, k *rsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	return der
}

func TestParseYuanIsStrict(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int64{"480.00": 48000, "480": 48000, "0.01": 1, "0.1": 10, "12.3": 1230,
		"999999999999.99": 99999999999999} {
		got, err := ParseYuan(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"480.001", "-1", "1e3", "", "1.", ".1", "+1", "01", "1 ", "1_000", "1000000000000",
		"\u0661"} {
		_, err := ParseYuan(s)
		require.ErrorIs(t, err, ErrAmount, "%q", s)
	}
	assert.Equal(t, "-0.05", FormatYuan(-5))
}

// An independent implementation agrees: OpenSSL's SHA256withRSA
// (`openssl dgst -sha256 -sign/-verify`, PKCS #1 v1.5) verifies our signature and
// makes the same signature (PKCS #1 v1.5 is deterministic).
func TestSignaturesAgreeWithOpenSSL(t *testing.T) {
	t.Parallel()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	k := testKey()
	privPEM, err := PrivateKeyPEM(k)
	require.NoError(t, err)
	pubPEM, err := PublicKeyPEM(&k.PublicKey)
	require.NoError(t, err)
	content := `app_id=2021000123456789&biz_content={"out_trade_no":"M1","product_code":"FAST_INSTANT_TRADE_PAY",` +
		`"total_amount":"480.00","subject":"个人会员会费"}&charset=utf-8&format=JSON&method=alipay.trade.page.pay` +
		`&sign_type=RSA2&timestamp=2026-03-01 10:03:04&version=1.0`
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		return p
	}
	priv, pub, msg := write("priv.pem", privPEM), write("pub.pem", pubPEM), write("content", content)
	sig, err := Sign(k, content)
	require.NoError(t, err)
	raw, err := base64.StdEncoding.DecodeString(sig)
	require.NoError(t, err)
	sigFile := write("sig", string(raw))
	out, err := exec.Command(openssl, "dgst", "-sha256", "-verify", pub, "-signature", sigFile, msg).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "Verified OK")

	out, err = exec.Command(openssl, "dgst", "-sha256", "-sign", priv, msg).Output()
	require.NoError(t, err)
	assert.Equal(t, sig, base64.StdEncoding.EncodeToString(out))
	require.NoError(t, Verify(&k.PublicKey, content, base64.StdEncoding.EncodeToString(out)))
}
