package alipaysim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// The lazy sandbox builds on first use, then pays through the gateway and the
// simulator it built: the cashier page is served, and a notification the
// simulator signs verifies as a sandbox payment.
func TestLazySandboxBuildsOnFirstUse(t *testing.T) {
	t.Parallel()
	l := alipaysim.NewLazy("http://member.test")
	t.Cleanup(l.Close)
	o := ports.PaymentOrder{OutTradeNo: "LAZY1", AmountFen: 48000, Subject: "个人会员会费",
		NotifyURL: "http://member.test/pay/alipay/notify", ReturnURL: "http://member.test/pay/alipay/return"}

	payURL, err := l.StartPayment(context.Background(), o)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(payURL, "http://member.test"+alipaysim.SandboxPath+"?"), payURL)
	rec := httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, payURL, nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), alipaysim.SandboxNotice)

	sim := l.Sim()
	require.NotNil(t, sim)
	assert.Same(t, sim, l.Sim(), "built once")
	p, err := l.VerifyNotification(context.Background(), sim.SignedNotification(o, alipaysim.TradeSuccess))
	require.NoError(t, err)
	assert.True(t, p.Sandbox, "no real money")
	assert.Equal(t, "LAZY1", p.OutTradeNo)
}

// A sandbox closed before its first use is never built; one that cannot be
// built answers with an internal error and a 503 page.
func TestLazySandboxClosedOrBroken(t *testing.T) {
	t.Parallel()
	closed := alipaysim.NewLazy("http://member.test")
	closed.Close()
	assert.Nil(t, closed.Sim(), "never built after Close")

	broken := alipaysim.NewLazy("not a url")
	_, err := broken.StartPayment(context.Background(), ports.PaymentOrder{})
	assert.Equal(t, apperr.KindInternal, apperr.As(err).Kind)
	_, err = broken.VerifyReturn(context.Background(), nil)
	assert.Error(t, err)
	rec := httptest.NewRecorder()
	broken.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, alipaysim.SandboxPath, nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	broken.Close()
}
