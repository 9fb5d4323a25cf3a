package usecases_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// lostNotify is a module paying through the Alipay simulator as a real gateway
// (not the sandbox: a paid trade counts at once) whose notifications the
// network drops while Drop is set.
type lostNotify struct {
	env  *membershiptest.Env
	sim  *alipaysim.Sim
	drop atomic.Bool
}

// RoundTrip drops the simulator's posts while drop is set, else hands them to
// the module in-process.
func (l *lostNotify) RoundTrip(r *http.Request) (*http.Response, error) {
	if l.drop.Load() {
		return nil, errors.New("network: notification lost")
	}
	return alipaysim.HandlerClient(l.env.Handler()).Transport.RoundTrip(r)
}

const lostAppID = "2021000000000042"

func newLostNotify(t *testing.T) *lostNotify {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	l := &lostNotify{}
	l.drop.Store(true)
	l.sim, err = alipaysim.New(alipaysim.Options{AppID: lostAppID, RetryDelays: []time.Duration{},
		AppPublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
		HTTPClient:      &http.Client{Transport: l}})
	require.NoError(t, err)
	t.Cleanup(l.sim.Close)
	gw := httptest.NewServer(l.sim)
	t.Cleanup(gw.Close)
	l.env = membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) {
		c.Alipay = membership.AlipayConfig{GatewayURL: gw.URL, AppID: lostAppID,
			PrivateKeyPEM:      string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
			AlipayPublicKeyPEM: l.sim.PublicKeyPEM(), QueryEvery: -1}
	}))
	return l
}

var cashierInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// payAtCashier starts the member's online payment, opens the simulator's
// cashier, presses 「确认付款」 and returns the out_trade_no and the return URL
// the browser is sent back to.
func (l *lostNotify) payAtCashier(t *testing.T, p access.Principal) (string, *url.URL) {
	t.Helper()
	started, err := l.env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	require.NoError(t, err)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(started.RedirectURL)
	require.NoError(t, err)
	page, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Contains(t, string(page), "确认付款")
	form := url.Values{}
	for _, m := range cashierInput.FindAllStringSubmatch(string(page), -1) {
		form.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	u, err := url.Parse(started.RedirectURL)
	require.NoError(t, err)
	u.RawQuery = ""
	resp, err = c.PostForm(u.String(), form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	back, err := resp.Location()
	require.NoError(t, err)
	trade, ok := l.sim.Trade(started.OutTradeNo)
	require.True(t, ok)
	require.Equal(t, alipaysim.TradeSuccess, trade.Status, "paid at Alipay")
	require.False(t, trade.Acked, "the notification was lost")
	return started.OutTradeNo, back
}

func (l *lostNotify) payments(t *testing.T, memberID string) []*payment.Payment {
	t.Helper()
	ps, err := l.env.Module.Ports().Payments.ListForMember(ctx, memberID, 10)
	require.NoError(t, err)
	return ps
}

// A member paid but Alipay's notification never arrived: the query job
// (alipay.trade.query to the simulator) confirms the order once, a second run
// has nothing to do, and the notification arriving late changes nothing.
func TestLostAlipayNotificationIsFoundByTheQueryJob(t *testing.T) {
	t.Parallel()
	l := newLostNotify(t)
	env := l.env
	p := env.ApprovedMember(t, "individual", "个人甲", "jia@example.com")
	outTradeNo, _ := l.payAtCashier(t, p)
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, p.ID), "nothing knows it was paid")

	job := env.App.Commands.QueryOpenPayments
	res, err := job.Handle(ctx, "instance-a")
	require.NoError(t, err)
	assert.Zero(t, res.Asked, "too young to ask about")

	env.Clock.Advance(16 * time.Minute) // past Config.Alipay.QueryAfter (15 min)
	res, err = job.Handle(ctx, "instance-a")
	require.NoError(t, err)
	assert.Equal(t, 1, res.Asked)
	assert.Equal(t, 1, res.Recorded)
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	ps := l.payments(t, p.ID)
	require.Len(t, ps, 1)
	assert.Equal(t, payment.StatusConfirmed, ps[0].Status())
	assert.EqualValues(t, 48000, ps[0].PaidFen())
	env.Mailbox.WaitFor(t, "jia@example.com", "会费缴纳已确认", 10*time.Second)

	res, err = job.Handle(ctx, "instance-a")
	require.NoError(t, err)
	assert.Zero(t, res.Asked, "nothing open any more")

	l.drop.Store(false) // Alipay's retry finally gets through
	trade, _ := l.sim.Trade(outTradeNo)
	ok, err := l.sim.Deliver(ctx, trade.NotifyURL, l.sim.SignedNotification(alipayOrder(trade), alipaysim.TradeSuccess))
	require.NoError(t, err)
	assert.True(t, ok, "answered success")
	ps = l.payments(t, p.ID)
	require.Len(t, ps, 1, "no second payment")
	assert.Equal(t, payment.StatusConfirmed, ps[0].Status())
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	time.Sleep(300 * time.Millisecond) // let a stray event or email land
	assert.Equal(t, 1, mailsWith(t, env, "jia@example.com", "会费缴纳已确认"))
}

// The return page asks once when the notification has not arrived, and then
// shows the member's new status, not the one it had before the ask.
func TestReturnPageAsksOnceAndShowsTheNewStatus(t *testing.T) {
	t.Parallel()
	l := newLostNotify(t)
	env := l.env
	p := env.ApprovedMember(t, "individual", "个人乙", "yi@example.com")
	res, err := env.App.Commands.Login.Handle(ctx, command.Login{Login: "个人乙", Password: "abc123",
		CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	require.NoError(t, err)
	_, back := l.payAtCashier(t, p)

	req := httptest.NewRequest(http.MethodGet, back.RequestURI(), nil)
	req.AddCookie(&http.Cookie{Name: "member_session", Value: res.Token})
	rec := httptest.NewRecorder()
	env.Handler().ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Contains(t, body, "支付成功，等待秘书处审批")
	assert.Contains(t, body, "请等待")
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	assert.Len(t, l.payments(t, p.ID), 1)
}

// alipayOrder is the order the simulator recorded for a trade.
func alipayOrder(t alipaysim.Trade) ports.PaymentOrder {
	return ports.PaymentOrder{OutTradeNo: t.OutTradeNo, AmountFen: t.AmountFen, Subject: t.Subject,
		NotifyURL: t.NotifyURL, ReturnURL: t.ReturnURL}
}
