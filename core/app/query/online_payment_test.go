package query_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) onlinePayment(p access.Principal, outTradeNo string) (query.OnlinePaymentView, error) {
	return query.NewOnlinePaymentHandler(e.store.Payments()).Handle(e.ctx,
		query.OnlinePayment{Principal: p, OutTradeNo: outTradeNo})
}

// A member follows its own order: waiting, then paid (or closed).
func TestOnlinePayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(m)

	v, err := e.onlinePayment(apptest.MemberOf(m), " "+o.OutTradeNo()+" ")
	require.NoError(t, err)
	assert.Equal(t, o.ID(), v.PaymentID)
	assert.Equal(t, "¥480", v.AmountText)
	assert.False(t, v.Paid)
	assert.Equal(t, "待支付", v.StatusLabel)
	assert.Equal(t, "支付结果确认中，请稍后刷新页面", v.Message)

	require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		if err := o.Confirm(payment.Receipt{AmountFen: o.AmountFen(), PaidOn: e.clock.Now(), TradeNo: "T1",
			Source: payment.SourceGateway}, e.clock.Now()); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, o)
	}))
	v, err = e.onlinePayment(apptest.MemberOf(m), o.OutTradeNo())
	require.NoError(t, err)
	assert.True(t, v.Paid)
	assert.Equal(t, "已支付", v.StatusLabel)
	assert.Equal(t, "支付成功，会费已确认", v.Message)
}

// Another member's order and an unknown one are the same NotFound; staff and
// nobody are refused.
func TestOnlinePaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	other := e.member(member.Individual, "李四", member.StatusApproved)
	o := e.order(m)
	_, err := e.onlinePayment(apptest.MemberOf(other), o.OutTradeNo())
	wantErr(t, err, apperr.KindNotFound, "payment_not_found")
	_, err = e.onlinePayment(apptest.MemberOf(m), "unknown")
	wantErr(t, err, apperr.KindNotFound, "payment_not_found")
	_, err = e.onlinePayment(apptest.StaffOf(access.RoleFinance), o.OutTradeNo())
	wantErr(t, err, apperr.KindForbidden, "members_only")
	_, err = e.onlinePayment(access.Guest, o.OutTradeNo())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}

// What the member is told of an order that closed unpaid and of money the
// gateway reported for a fee already paid.
func TestOnlinePaymentClosedAndDuplicate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	closed, dup := e.order(m), e.order(m)
	require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		closed.Close("交易已关闭", e.clock.Now())
		if err := dup.MarkDuplicate(payment.Receipt{AmountFen: dup.AmountFen(), PaidOn: e.clock.Now(), TradeNo: "T2",
			Source: payment.SourceGateway}, e.clock.Now()); err != nil {
			return err
		}
		if err := e.store.Payments().Save(ctx, closed); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, dup)
	}))
	v, err := e.onlinePayment(apptest.MemberOf(m), closed.OutTradeNo())
	require.NoError(t, err)
	assert.Equal(t, "订单已关闭，如已付款请联系协会财务", v.Message)
	assert.False(t, v.Paid)
	v, err = e.onlinePayment(apptest.MemberOf(m), dup.OutTradeNo())
	require.NoError(t, err)
	assert.Equal(t, "支付成功，但会费此前已缴纳，协会财务将与您联系退款", v.Message)
	assert.False(t, v.Paid)
}
