package command_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (e *env) startOnline(gw ports.PaymentGateway) *command.StartOnlinePaymentHandler {
	return command.NewStartOnlinePaymentHandler(e.store.Members(), e.store.Payments(), e.settings(), gw, e.policy,
		e.clock, command.OnlineOrderOptions{AssociationName: "星河协会", ReturnURL: "https://a.example/return",
			NotifyURL: "https://a.example/notify", Location: cst()})
}

// order starts m's online payment at gw and returns it.
func (e *env) order(gw *apptest.Gateway, m *member.Member) command.OnlinePaymentStarted {
	e.t.Helper()
	o, err := e.startOnline(gw).Handle(e.ctx, command.StartOnlinePayment{Principal: apptest.MemberOf(m)})
	require.NoError(e.t, err)
	return o
}

// A person's order is stored open for the fee and sent to the gateway with a
// subject naming the association, the kind and the year.
func TestStartOnlinePayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	m := e.member(member.Individual, "张三", member.StatusApproved)
	o := e.order(gw, m)

	p := e.payment(o.PaymentID)
	assert.Equal(t, payment.MethodAlipay, p.Method())
	assert.Equal(t, payment.StatusOpen, p.Status())
	assert.Equal(t, o.OutTradeNo, p.OutTradeNo())
	assert.Equal(t, payment.DefaultFees.Individual, o.AmountFen)
	assert.Equal(t, "星河协会个人会员会费（2024年度）", o.Subject)
	assert.Equal(t, "https://gateway.example/pay?out_trade_no="+o.OutTradeNo, o.RedirectURL)
	assert.Equal(t, []ports.PaymentOrder{{OutTradeNo: o.OutTradeNo, AmountFen: o.AmountFen, Subject: o.Subject,
		ReturnURL: "https://a.example/return", NotifyURL: "https://a.example/notify"}}, gw.Orders())
	assert.Equal(t, member.StatusApproved, e.get(m.ID()).Status(), "only the gateway's notification changes the member")

	again := e.order(gw, m)
	assert.NotEqual(t, o.OutTradeNo, again.OutTradeNo, "every attempt is a new order")
}

// A renewal's subject names the year the fee is for: the one after the
// validity ends.
func TestStartOnlinePaymentForARenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.clock.Set(time.Date(2024, 12, 25, 9, 0, 0, 0, time.UTC))
	m := e.member(member.Individual, "张三", member.StatusExpiring)
	require.Equal(t, time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC), m.ValidUntil())
	o := e.order(&apptest.Gateway{}, m)
	assert.Equal(t, "星河协会个人会员续费（2025年度）", o.Subject)
	assert.Equal(t, payment.PurposeRenewal, e.payment(o.PaymentID).Purpose())
}

// Refusals: no gateway, an enterprise, nothing due, staff, nobody — no order
// is stored. A gateway that fails leaves the order closed.
func TestStartOnlinePaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gw := &apptest.Gateway{}
	person := e.member(member.Individual, "张三", member.StatusApproved)
	company := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	active := e.member(member.Individual, "李四", member.StatusActive)
	start := func(gw ports.PaymentGateway, p access.Principal) error {
		_, err := e.startOnline(gw).Handle(e.ctx, command.StartOnlinePayment{Principal: p})
		return err
	}
	wantErr(t, start(nil, apptest.MemberOf(person)), apperr.KindConflict, "online_payment_unavailable")
	wantErr(t, start(gw, apptest.MemberOf(company)), apperr.KindConflict, "online_payment_individual_only")
	wantErr(t, start(gw, apptest.MemberOf(active)), apperr.KindConflict, "already_paid")
	wantErr(t, start(gw, apptest.StaffOf(access.RoleFinance)), apperr.KindForbidden, "members_only")
	wantErr(t, start(gw, access.Guest), apperr.KindUnauthorized, "login_required")
	for _, m := range []*member.Member{person, company, active} {
		assert.Empty(t, e.paymentsOf(m.ID()))
	}
	assert.Empty(t, gw.Orders())

	down := &apptest.Gateway{StartErr: errors.New("gateway down")}
	require.Error(t, start(down, apptest.MemberOf(person)))
	ps := e.paymentsOf(person.ID())
	require.Len(t, ps, 1)
	assert.Equal(t, payment.StatusClosed, ps[0].Status())
	assert.Equal(t, "发起支付失败", ps[0].Reason())
}
