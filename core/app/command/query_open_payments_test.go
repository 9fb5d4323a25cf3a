package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) paymentQuery(gw *apptest.Gateway) *command.QueryOpenPaymentsHandler {
	return command.NewQueryOpenPaymentsHandler(e.store.Payments(), e.store.Leases(), gw, e.notification(gw), e.clock,
		command.QueryOpenPaymentsOptions{After: 15 * time.Minute, Within: 24 * time.Hour})
}

// A member paid and the notification never came: once the order has been open
// a quarter of an hour, the job asks the gateway and confirms it exactly as
// the notification would have; the late notification then changes nothing.
// An order too young, one the member never opened at the cashier and one
// older than the window are not confirmed.
func TestQueryOpenPaymentsFindsALostNotification(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	abandoned := e.order(gw, e.member(member.Individual, "王五", member.StatusApproved))
	e.clock.Advance(48 * time.Hour)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	never := e.order(gw, e.member(member.Individual, "李四", member.StatusApproved))
	paid := apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")
	gw.SetTrade(paid) // paid at the gateway; the notification is lost
	gw.SetTrade(apptest.GatewayMessage(abandoned.OutTradeNo, "T0", abandoned.AmountFen, "TRADE_SUCCESS"))
	q := e.paymentQuery(gw)
	require.True(t, q.Enabled())

	res, err := q.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, command.QueryOpenPaymentsResult{Ran: true}, res, "nothing open for a quarter of an hour yet")
	assert.Equal(t, payment.StatusOpen, e.payment(o.PaymentID).Status())

	e.clock.Advance(16 * time.Minute)
	skip := len(e.store.Events())
	res, err = q.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, command.QueryOpenPaymentsResult{Ran: true, Asked: 2, Recorded: 1}, res)
	p := e.payment(o.PaymentID)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, "T1", p.TradeNo())
	assert.Equal(t, payment.SourceGateway, p.Source())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Equal(t, []string{"member.payment_confirmed", "member.forwarded_to_secretariat"}, e.eventNames(skip))
	assert.Equal(t, payment.StatusOpen, e.payment(never.PaymentID).Status(), "never opened at the cashier")
	assert.Equal(t, payment.StatusOpen, e.payment(abandoned.PaymentID).Status(), "older than the window")

	before := e.state(m.ID())
	require.NoError(t, e.notifyPaid(gw, paid), "the late notification is acknowledged")
	e.unchanged(before, m.ID())
	res, err = q.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.Equal(t, command.QueryOpenPaymentsResult{Ran: true, Asked: 1}, res, "only the never-opened order is asked again")
	assert.Equal(t, 3, gw.Asked())
}

// One instance at a time asks (the lease); without a gateway that can be
// asked, the job does nothing.
func TestQueryOpenPaymentsLeaseAndGateway(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	q := e.paymentQuery(gw)
	res, err := q.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.True(t, res.Ran)
	res, err = q.Handle(e.ctx, "instance-2")
	require.NoError(t, err)
	assert.False(t, res.Ran, "instance-1 holds the lease")
	e.clock.Advance(2 * time.Minute)
	res, err = q.Handle(e.ctx, "instance-2")
	require.NoError(t, err)
	assert.True(t, res.Ran, "the lease expired")

	none := command.NewQueryOpenPaymentsHandler(e.store.Payments(), e.store.Leases(), nil, e.notification(nil), e.clock,
		command.QueryOpenPaymentsOptions{})
	assert.False(t, none.Enabled())
	res, err = none.Handle(e.ctx, "instance-1")
	require.NoError(t, err)
	assert.False(t, res.Ran)
}

// Back from the cashier before the notification: the return page asks the
// gateway once; a paid order is recorded, a trade the gateway does not know
// changes nothing.
func TestQueryOpenPaymentsAskOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	q := e.paymentQuery(gw)
	require.NoError(t, q.AskOnce(e.ctx, o.OutTradeNo), "not paid yet: nothing to record")
	assert.Equal(t, payment.StatusOpen, e.payment(o.PaymentID).Status())
	gw.SetTrade(apptest.GatewayMessage(o.OutTradeNo, "T7", o.AmountFen, "TRADE_SUCCESS"))
	require.NoError(t, q.AskOnce(e.ctx, o.OutTradeNo))
	assert.Equal(t, payment.StatusConfirmed, e.payment(o.PaymentID).Status())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Equal(t, 2, gw.Asked())

	var none *command.QueryOpenPaymentsHandler
	assert.NoError(t, none.AskOnce(e.ctx, o.OutTradeNo), "no job wired: nothing asked")
}
