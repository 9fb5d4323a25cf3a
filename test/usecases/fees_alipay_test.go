package usecases_test

import (
	"context"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// startAlipay starts an online payment for an approved individual and returns
// the order as the simulator needs it.
func startAlipay(t *testing.T, env *membershiptest.Env, p access.Principal) ports.PaymentOrder {
	t.Helper()
	started, err := env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, int64(48000), started.AmountFen)
	u, err := url.Parse(started.RedirectURL)
	require.NoError(t, err)
	assert.Equal(t, "http://member.test"+alipaysim.SandboxPath, u.Scheme+"://"+u.Host+u.Path, "the embedded sandbox")
	return ports.PaymentOrder{OutTradeNo: started.OutTradeNo, AmountFen: started.AmountFen, Subject: started.Subject,
		NotifyURL: env.Config.BaseURL + webui.PaymentNotifyPath, ReturnURL: env.Config.BaseURL + webui.PaymentReturnPath}
}

// TestAlipayNotificationDeliveredManyTimes: the same valid notification of the
// (opted-in) sandbox posted 1000 times, 50 at a time, through the HTTP endpoint
// — each answered "success", and the payment recorded exactly once for
// finance; finance's confirmation then makes exactly one confirmation, one
// notification and one email.
func TestAlipayNotificationDeliveredManyTimes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("1000 deliveries")
	}
	env, _ := newFeeEnv(t, time.Date(2019, 9, 21, 8, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "individual", "个人", "geren@example.com")
	page := feePage(t, env, p)
	assert.True(t, page.CanPayOnline)
	assert.Equal(t, "缴费状态：未缴费", page.StatusLine)
	order := startAlipay(t, env, p)
	sim := env.Module.AlipaySandbox()
	require.NotNil(t, sim)
	form := sim.SignedNotification(order, alipaysim.TradeSuccess)

	const total, concurrent = 1000, 50
	var acked atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, concurrent)
	errs := make(chan error, total)
	for range total {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			ok, err := sim.Deliver(context.Background(), order.NotifyURL, form)
			if err != nil {
				errs <- err
			}
			if ok {
				acked.Add(1)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("delivery: %v", err)
	}
	assert.Equal(t, int64(total), acked.Load(), "every delivery is answered success")

	ps, err := env.Module.Ports().Payments.ListForMember(ctx, p.ID, 10)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.True(t, ps[0].SandboxReported(), "recorded once; a sandbox payment waits for finance")
	assert.Equal(t, payment.SourceGateway, ps[0].Source())
	assert.NotEmpty(t, ps[0].TradeNo())
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, p.ID))
	require.NoError(t, env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{
		Principal: env.Staff(t, access.RoleFinance), PaymentID: ps[0].ID(), AmountFen: 48000, PaidOn: ps[0].PaidOn()}))
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	const text = "系统管理员审批通过个人【个人】的缴费申请"
	waitNotificationText(t, env, p, text)
	env.Mailbox.WaitFor(t, "geren@example.com", "会费缴纳已确认", 10*time.Second)
	time.Sleep(500 * time.Millisecond) // let any stray redelivery of the event land
	assert.Equal(t, 1, countNotifications(t, env, p, text))
	assert.Equal(t, 1, mailsWith(t, env, "geren@example.com", "会费缴纳已确认"))
	assert.Equal(t, "缴费状态：已完成缴费", feePage(t, env, p).StatusLine)

	view, err := env.App.Queries.OnlinePayment.Handle(ctx, query.OnlinePayment{Principal: p, OutTradeNo: order.OutTradeNo})
	require.NoError(t, err)
	assert.True(t, view.Paid)
	ret, err := env.App.Queries.OnlinePaymentReturn.Handle(ctx, query.OnlinePaymentReturn{Principal: p,
		Query: sim.SignedReturn(order)})
	require.NoError(t, err)
	assert.True(t, ret.Paid)
}

// TestAlipayBadNotifications: a forged or re-signed notification, a wrong
// amount or app id, an unknown out_trade_no — each rejected, nothing changes.
func TestAlipayBadNotifications(t *testing.T) {
	t.Parallel()
	env, _ := newFeeEnv(t, time.Date(2019, 9, 21, 8, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "individual", "个人乙", "geren2@example.com")
	order := startAlipay(t, env, p)
	sim := env.Module.AlipaySandbox()
	good := sim.SignedNotification(order, alipaysim.TradeSuccess)

	// Another "Alipay" with its own key, serving our app id: its signatures are not Alipay's.
	impostor, err := alipaysim.New(alipaysim.Options{AppID: alipaysim.SandboxAppID,
		AppPublicKeyPEM: sim.PublicKeyPEM()})
	require.NoError(t, err)
	defer impostor.Close()

	forged := url.Values{}
	for k, v := range good {
		forged[k] = append([]string(nil), v...)
	}
	forged.Set("total_amount", "0.01") // changed after signing

	wrongAmount := ports.PaymentOrder{OutTradeNo: order.OutTradeNo, AmountFen: 100, NotifyURL: order.NotifyURL}
	wrongApp := sim.Sign(func() url.Values {
		v := url.Values{}
		for k, x := range good {
			v[k] = append([]string(nil), x...)
		}
		v.Set("app_id", "2021000000000000")
		return v
	}())
	unknown := ports.PaymentOrder{OutTradeNo: "NOSUCHORDER0001", AmountFen: 48000, NotifyURL: order.NotifyURL}

	cases := []struct {
		name string
		form url.Values
		code string
	}{
		{"forged", forged, alipay.CodeBadSignature},
		{"re-signed by another key", impostor.Sign(good), alipay.CodeBadSignature},
		{"wrong amount", sim.SignedNotification(wrongAmount, alipaysim.TradeSuccess), payment.ErrAmountMismatch},
		{"wrong app id", wrongApp, alipay.CodeWrongApp},
		{"unknown out_trade_no", sim.SignedNotification(unknown, alipaysim.TradeSuccess), command.ErrUnknownTrade},
		{"empty", url.Values{}, ""},
	}
	for _, tc := range cases {
		err := env.App.Commands.HandlePaymentNotification.Handle(ctx, tc.form)
		requireKindCode(t, err, apperr.KindInvalid, tc.code, tc.name)
		// And through the HTTP endpoint: anything but "success".
		ok, _ := sim.Deliver(ctx, order.NotifyURL, tc.form)
		assert.False(t, ok, tc.name)
	}
	ps, err := env.Module.Ports().Payments.ListForMember(ctx, p.ID, 10)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, payment.StatusOpen, ps[0].Status(), "nothing changed")
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, p.ID))

	// A notification that the buyer has not paid yet changes nothing either.
	require.NoError(t, env.App.Commands.HandlePaymentNotification.Handle(ctx,
		sim.SignedNotification(order, alipaysim.TradeWaitBuyerPay)))
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, p.ID))
	// The genuine one goes through: recorded for finance (it is the sandbox).
	require.NoError(t, env.App.Commands.HandlePaymentNotification.Handle(ctx,
		sim.SignedNotification(order, alipaysim.TradeSuccess)))
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, p.ID))
	// Another member cannot look at the order.
	other := env.ApprovedMember(t, "individual", "个人丙", "geren3@example.com")
	_, err = env.App.Queries.OnlinePayment.Handle(ctx, query.OnlinePayment{Principal: other, OutTradeNo: order.OutTradeNo})
	requireKindCode(t, err, apperr.KindNotFound, "")
}
