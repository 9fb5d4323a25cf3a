package alipaysim_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

var lazyHidden = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// The embedded sandbox answers alipay.trade.query in-process (its base URL
// need not resolve): an unknown trade, a trade whose cashier was shown, then the
// paid trade, marked as the sandbox's (no real money).
func TestLazySandboxQueryTrade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := alipaysim.NewLazy("http://member.test")
	t.Cleanup(l.Close)
	o := ports.PaymentOrder{OutTradeNo: "LAZYQ1", AmountFen: 48000, Subject: "个人会员会费",
		NotifyURL: "http://member.test/pay/alipay/notify", ReturnURL: "http://member.test/pay/alipay/return"}

	_, err := l.QueryTrade(ctx, o.OutTradeNo)
	require.Error(t, err)
	assert.Equal(t, apperr.KindNotFound, apperr.As(err).Kind, "never shown: unknown to Alipay")

	payURL, err := l.StartPayment(ctx, o)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, payURL, nil))
	require.Equal(t, http.StatusOK, rec.Code)
	p, err := l.QueryTrade(ctx, o.OutTradeNo)
	require.NoError(t, err)
	assert.Equal(t, alipaysim.TradeWaitBuyerPay, p.Status)
	assert.False(t, p.Paid)

	form := url.Values{}
	for _, m := range lazyHidden.FindAllStringSubmatch(rec.Body.String(), -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	req := httptest.NewRequest(http.MethodPost, alipaysim.SandboxPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	l.ServeHTTP(rec, req) // 确认付款 (the notification to member.test goes nowhere)
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	p, err = l.QueryTrade(ctx, o.OutTradeNo)
	require.NoError(t, err)
	assert.Equal(t, alipaysim.TradeSuccess, p.Status)
	assert.True(t, p.Paid)
	assert.True(t, p.Sandbox, "no real money")
	assert.EqualValues(t, 48000, p.AmountFen)
	assert.Equal(t, o.OutTradeNo, p.OutTradeNo)
}
