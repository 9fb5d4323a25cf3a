package command_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (e *env) notification(gw ports.PaymentGateway) *command.HandlePaymentNotificationHandler {
	return command.NewHandlePaymentNotificationHandler(e.store.Members(), e.store.Payments(), gw, e.clock, cst())
}

func (e *env) notifyPaid(gw *apptest.Gateway, form url.Values) error {
	return e.notification(gw).Handle(e.ctx, form)
}

// A paid order is confirmed once: the member's fee is recorded and it goes on
// to the secretariat; a redelivery changes nothing.
func TestHandlePaymentNotification(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	skip := len(e.store.Events())
	paid := apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")

	require.NoError(t, e.notifyPaid(gw, paid))
	p := e.payment(o.PaymentID)
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, "T1", p.TradeNo())
	assert.Equal(t, payment.SourceGateway, p.Source())
	assert.Equal(t, o.AmountFen, p.PaidFen())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
	assert.Equal(t, []string{"member.payment_confirmed", "member.forwarded_to_secretariat"}, e.eventNames(skip))

	before := e.state(m.ID())
	require.NoError(t, e.notifyPaid(gw, paid), "a redelivery is acknowledged")
	e.unchanged(before, m.ID())
}

// A trade the buyer has not paid yet changes nothing; a closed one closes the
// order; money that arrives after all reopens and confirms it.
func TestHandlePaymentNotificationOfAClosedTrade(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)

	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "", o.AmountFen, "WAIT_BUYER_PAY")))
	assert.Equal(t, payment.StatusOpen, e.payment(o.PaymentID).Status())
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "", o.AmountFen, "TRADE_CLOSED")))
	assert.Equal(t, payment.StatusClosed, e.payment(o.PaymentID).Status())
	assert.Equal(t, "交易已关闭", e.payment(o.PaymentID).Reason())
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "", o.AmountFen, "TRADE_CLOSED")))

	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "T9", o.AmountFen, "TRADE_FINISHED")))
	assert.Equal(t, payment.StatusConfirmed, e.payment(o.PaymentID).Status())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}

// Two orders paid: the second money arrives for a member who owes nothing any
// more and is kept as a duplicate to refund; another trade for a confirmed
// order is a Conflict.
func TestHandlePaymentNotificationOfMoneyNotOwed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	first, second := e.order(gw, m), e.order(gw, m)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(first.OutTradeNo, "T1", first.AmountFen, "TRADE_SUCCESS")))
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(second.OutTradeNo, "T2", second.AmountFen,
		"TRADE_SUCCESS")))
	assert.Equal(t, payment.StatusDuplicate, e.payment(second.PaymentID).Status())
	assert.Equal(t, "T2", e.payment(second.PaymentID).TradeNo())

	err := e.notifyPaid(gw, apptest.GatewayMessage(first.OutTradeNo, "T3", first.AmountFen, "TRADE_SUCCESS"))
	wantErr(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)
	assert.Equal(t, "T1", e.payment(first.PaymentID).TradeNo())
}

// Refusals: no gateway, a forged message, an unknown order or a claim's id, a
// wrong amount. Nothing changes and the gateway will retry.
func TestHandlePaymentNotificationRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	company := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	claimID := e.claim(company)
	before := e.state(m.ID(), company.ID())

	paid := apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")
	wantErr(t, e.notification(nil).Handle(e.ctx, paid), apperr.KindInvalid, "online_payment_unavailable")
	forged := apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")
	forged.Set("sign", "forged")
	wantErr(t, e.notifyPaid(gw, forged), apperr.KindInvalid, "signature_invalid")
	wantErr(t, e.notifyPaid(gw, apptest.GatewayMessage("unknown", "T1", o.AmountFen, "TRADE_SUCCESS")),
		apperr.KindInvalid, command.ErrUnknownTrade)
	wantErr(t, e.notifyPaid(gw, apptest.GatewayMessage(claimID, "T1", o.AmountFen, "TRADE_SUCCESS")),
		apperr.KindInvalid, command.ErrUnknownTrade)
	wantErr(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen-1, "TRADE_SUCCESS")),
		apperr.KindInvalid, payment.ErrAmountMismatch)

	e.unchanged(before, m.ID(), company.ID())
	assert.Equal(t, payment.StatusOpen, e.payment(o.PaymentID).Status())
}

// A person who went to the gateway, claimed a transfer meanwhile and then
// completed the online payment (an online payment is not started while a claim
// is pending, but an order started before may still be paid): the online
// payment is booked and the open claim is closed, so finance does not confirm
// it twice.
func TestHandlePaymentNotificationClosesTheOpenClaim(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)
	claimID := e.claim(m)
	require.NoError(t, e.notifyPaid(gw, apptest.GatewayMessage(o.OutTradeNo, "T1", o.AmountFen, "TRADE_SUCCESS")))
	assert.Equal(t, payment.StatusConfirmed, e.payment(o.PaymentID).Status())
	claim := e.payment(claimID)
	assert.Equal(t, payment.StatusClosed, claim.Status())
	assert.Equal(t, "会费已通过其他方式确认", claim.Reason())
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
}
