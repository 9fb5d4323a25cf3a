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
)

func (e *env) secretariatQueue(q query.SecretariatQueue) (query.SecretariatQueuePage, error) {
	return query.NewSecretariatQueueHandler(e.store.Lookup(), e.store.Payments(), e.policy).Handle(e.ctx, q)
}

// The secretariat's queue: the members whose first fee is confirmed, longest
// waiting first, each with the payment that brought it there.
func TestSecretariatQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pa := e.claim(a, payment.Voucher{})
	e.confirm(a, pa, "B1")
	e.clock.Advance(time.Hour)
	b := e.member(member.Individual, "张三", member.StatusApproved)
	e.confirm(b, e.claim(b, payment.Voucher{}), "B2")
	e.member(member.Individual, "李四", member.StatusApproved)
	e.member(member.Individual, "王五", member.StatusActive)
	secretariat := apptest.StaffOf(access.RoleSecretariat)

	page, err := e.secretariatQueue(query.SecretariatQueue{Principal: secretariat})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total)
	require.Len(t, page.Items, 2)
	it := page.Items[0]
	assert.Equal(t, a.ID(), it.MemberID)
	assert.Equal(t, a.Number(), it.Number)
	assert.Equal(t, "单位会员", it.KindLabel)
	require.NotNil(t, it.Payment)
	assert.Equal(t, pa.ID(), it.Payment.ID)
	assert.Equal(t, "B1", it.Payment.BankRef)

	page, err = e.secretariatQueue(query.SecretariatQueue{Principal: apptest.StaffOf(access.RoleAdmin),
		Kind: member.Individual})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, b.ID(), page.Items[0].MemberID)

	// A member forwarded without a payment record (a fee booked before records
	// were kept) shows no payment.
	e.clock.Advance(time.Hour)
	c := e.member(member.Individual, "赵六", member.StatusAwaitingSecretariat)
	page, err = e.secretariatQueue(query.SecretariatQueue{Principal: secretariat, Kind: member.Individual})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, c.ID(), page.Items[1].MemberID)
	assert.Nil(t, page.Items[1].Payment)
}

// Refusals: an unknown kind; roles without membership:read, members, nobody.
func TestSecretariatQueueRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	_, err := e.secretariatQueue(query.SecretariatQueue{Principal: apptest.StaffOf(access.RoleSecretariat),
		Kind: "robot"})
	assert.Equal(t, map[string]string{"kind": "kind_invalid"}, fieldCodes(err))
	for _, role := range []access.Role{access.RoleFinance, access.RoleReviewer} {
		_, err = e.secretariatQueue(query.SecretariatQueue{Principal: apptest.StaffOf(role)})
		wantErr(t, err, apperr.KindForbidden, "forbidden")
	}
	_, err = e.secretariatQueue(query.SecretariatQueue{Principal: apptest.MemberOf(m)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.secretariatQueue(query.SecretariatQueue{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
