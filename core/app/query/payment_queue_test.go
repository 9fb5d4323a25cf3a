package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (e *env) paymentQueue(q query.PaymentQueue) (query.PaymentQueuePage, error) {
	return query.NewPaymentQueueHandler(e.store.Payments(), e.policy).Handle(e.ctx, q)
}

// Finance's queue: the claims and vouchers waiting, oldest first, with their
// members, and the size of every tab; online orders wait for the gateway, not
// for finance, unless asked for by method.
func TestPaymentQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	b := e.member(member.Individual, "张三", member.StatusApproved)
	c := e.member(member.Individual, "李四", member.StatusApproved)
	first := e.claim(a, payment.Voucher{})
	e.clock.Advance(time.Hour)
	second := e.claim(b, payment.Voucher{Key: "vouchers/x.pdf", ContentType: payment.ContentTypePDF, Size: 10})
	e.clock.Advance(time.Hour)
	e.order(c)
	confirmed := e.member(member.Individual, "王五", member.StatusApproved)
	e.confirm(confirmed, e.claim(confirmed, payment.Voucher{}), "B1")
	finance := apptest.StaffOf(access.RoleFinance)

	page, err := e.paymentQueue(query.PaymentQueue{Principal: finance})
	require.NoError(t, err)
	assert.Equal(t, payment.StatusOpen, page.Status)
	assert.Equal(t, ports.PaymentCounts{Open: 2, Confirmed: 1}, page.Counts)
	assert.Equal(t, 2, page.Total)
	require.Len(t, page.Items, 2)
	assert.Equal(t, first.ID(), page.Items[0].ID, "oldest first")
	assert.Equal(t, "星河科技有限公司", page.Items[0].MemberName)
	assert.Equal(t, a.PaymentRef(), page.Items[0].PaymentRef)
	assert.Equal(t, "¥5,000.00", page.Items[0].AmountText)
	assert.Equal(t, second.ID(), page.Items[1].ID)
	assert.True(t, page.Items[1].HasVoucher)
	assert.Equal(t, "缴费凭证.pdf", page.Items[1].VoucherName)

	page, err = e.paymentQueue(query.PaymentQueue{Principal: finance, Method: payment.MethodAlipay, PageSize: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, c.ID(), page.Items[0].MemberID)
	assert.Equal(t, "待支付", page.Items[0].StatusLabel)

	page, err = e.paymentQueue(query.PaymentQueue{Principal: apptest.StaffOf(access.RoleAdmin),
		Status: payment.StatusConfirmed, Page: 0})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, int64(48000), page.Items[0].PaidFen)
	assert.Equal(t, "B1", page.Items[0].BankRef)
	assert.Equal(t, 1, page.Page)
}

// Refusals: an unknown tab or method; roles without payment:read, members,
// nobody.
func TestPaymentQueueRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	_, err := e.paymentQueue(query.PaymentQueue{Principal: apptest.StaffOf(access.RoleFinance), Status: "lost",
		Method: "cash"})
	assert.Equal(t, map[string]string{"status": "status_invalid", "method": "method_invalid"}, fieldCodes(err))
	for _, role := range []access.Role{access.RoleReviewer, access.RoleSecretariat} {
		_, err = e.paymentQueue(query.PaymentQueue{Principal: apptest.StaffOf(role)})
		wantErr(t, err, apperr.KindForbidden, "forbidden")
	}
	_, err = e.paymentQueue(query.PaymentQueue{Principal: apptest.MemberOf(m)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.paymentQueue(query.PaymentQueue{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
