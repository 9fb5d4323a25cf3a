package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (e *env) onlineReturn(gw ports.PaymentGateway, m *member.Member, o *payment.Payment, sign string) (
	query.OnlinePaymentView, error) {
	msg := apptest.GatewayMessage(o.OutTradeNo(), "T1", o.AmountFen(), "TRADE_SUCCESS")
	msg.Set("sign", sign)
	return query.NewOnlinePaymentReturnHandler(e.store.Payments(), gw).Handle(e.ctx,
		query.OnlinePaymentReturn{Principal: apptest.MemberOf(m), Query: msg})
}

// The browser's return shows the order's state; even a signed "paid" changes
// nothing — only the asynchronous notification confirms.
func TestOnlinePaymentReturn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(m)
	events := len(e.store.Events())
	v, err := e.onlineReturn(&apptest.Gateway{}, m, o, "valid")
	require.NoError(t, err)
	assert.Equal(t, o.ID(), v.PaymentID)
	assert.False(t, v.Paid)
	stored, err := e.store.Payments().Get(e.ctx, o.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.StatusOpen, stored.Status())
	assert.Equal(t, events, len(e.store.Events()))
}

// Refusals: no gateway, a forged return, another member's order.
func TestOnlinePaymentReturnRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	other := e.member(member.Individual, "李四", member.StatusApproved)
	o := e.order(m)
	_, err := e.onlineReturn(nil, m, o, "valid")
	wantErr(t, err, apperr.KindNotFound, "online_payment_unavailable")
	_, err = e.onlineReturn(&apptest.Gateway{}, m, o, "forged")
	wantErr(t, err, apperr.KindInvalid, "signature_invalid")
	_, err = e.onlineReturn(&apptest.Gateway{}, other, o, "valid")
	wantErr(t, err, apperr.KindNotFound, "payment_not_found")
}
