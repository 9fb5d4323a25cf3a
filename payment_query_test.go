package membership_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
)

// A member paid online and the gateway's notification never arrived: the
// module's scheduled job asks the gateway once the order is old enough and the
// payment is confirmed without anybody's help.
func TestLostPaymentNotificationIsFound(t *testing.T) {
	t.Parallel()
	gw := &apptest.Gateway{}
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPaymentGateway(gw)),
		membershiptest.WithConfig(func(c *membership.Config) {
			c.Alipay.QueryEvery, c.Alipay.QueryAfter = 20*time.Millisecond, 10*time.Minute
		}))
	p := env.ApprovedMember(t, "individual", "赵六", "zhao@example.org")
	ctx := context.Background()
	started, err := env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	require.NoError(t, err)
	gw.SetTrade(apptest.GatewayMessage(started.OutTradeNo, "T42", started.AmountFen, "TRADE_SUCCESS"))
	status := func() payment.Status {
		o, err := env.Module.Ports().Payments.Get(ctx, started.PaymentID)
		require.NoError(t, err)
		return o.Status()
	}
	assert.False(t, env.WaitUntil(200*time.Millisecond, func() bool { return gw.Asked() > 0 }),
		"an order open for less than QueryAfter is not asked about")
	assert.Equal(t, payment.StatusOpen, status())

	env.Clock.Advance(11 * time.Minute)
	require.True(t, env.WaitUntil(10*time.Second, func() bool { return status() == payment.StatusConfirmed }),
		"the lost notification's payment is confirmed")
	o, err := env.Module.Ports().Payments.Get(ctx, started.PaymentID)
	require.NoError(t, err)
	assert.Equal(t, "T42", o.TradeNo())
}
