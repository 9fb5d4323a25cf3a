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
	"github.com/openassoc/membership/ports"
)

func (e *env) workQueues(c ports.WorkQueueCounter, p access.Principal) (query.WorkQueuesView, error) {
	return query.NewWorkQueuesHandler(c, nil, e.policy).Handle(e.ctx, query.WorkQueues{Principal: p})
}

// Each role sees the queues of its duties, in menu order, with what waits in
// them: reviewers the review, finance the payments and the statement lines,
// the secretariat its approvals, the admin all four.
func TestWorkQueues(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	e.member(member.Individual, "张三", member.StatusSubmitted)
	e.claim(e.member(member.Individual, "李四", member.StatusApproved), payment.Voucher{})
	e.member(member.Individual, "王五", member.StatusAwaitingSecretariat)
	_, err := e.store.Statements().Add(e.ctx, payment.Statement{ID: "s1", UploadedAt: e.clock.Now()},
		[]payment.StoredLine{{ID: "l1", StatementID: "s1", Key: "k1", Status: payment.LineUnmatched},
			{ID: "l2", StatementID: "s1", Key: "k2", Status: payment.LineMatched}})
	require.NoError(t, err)
	counter := e.store.WorkQueues()

	cases := map[access.Role][]query.WorkQueueCount{
		access.RoleReviewer:    {{Queue: query.QueueReview, Count: 2}},
		access.RoleFinance:     {{Queue: query.QueuePayments, Count: 1}, {Queue: query.QueueStatements, Count: 1}},
		access.RoleSecretariat: {{Queue: query.QueueSecretariat, Count: 1}},
		access.RoleAdmin: {{Queue: query.QueueReview, Count: 2}, {Queue: query.QueuePayments, Count: 1},
			{Queue: query.QueueStatements, Count: 1}, {Queue: query.QueueSecretariat, Count: 1}},
	}
	for role, want := range cases {
		v, err := e.workQueues(counter, apptest.StaffOf(role))
		require.NoError(t, err, role)
		assert.Equal(t, want, v.Queues, role)
	}
	v, err := e.workQueues(counter, apptest.StaffOf(access.RoleFinance))
	require.NoError(t, err)
	n, ok := v.Count(query.QueuePayments)
	assert.True(t, ok)
	assert.Equal(t, 1, n)
	_, ok = v.Count(query.QueueReview)
	assert.False(t, ok, "finance does not work on the review queue")

	v, err = e.workQueues(nil, apptest.StaffOf(access.RoleAdmin))
	require.NoError(t, err)
	assert.Empty(t, v.Queues, "no counter, no queues")
}

// failingCounter cannot count.
type failingCounter struct{}

func (failingCounter) CountWorkQueues(context.Context) (ports.WorkQueueCounts, error) {
	return ports.WorkQueueCounts{}, assert.AnError
}

// Refusals: members and nobody; a policy or a counter that cannot answer is a
// fault.
func TestWorkQueuesRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusSubmitted)
	_, err := e.workQueues(e.store.WorkQueues(), apptest.MemberOf(m))
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.workQueues(e.store.WorkQueues(), access.Guest)
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = e.workQueues(failingCounter{}, apptest.StaffOf(access.RoleReviewer))
	wantErr(t, err, apperr.KindInternal, "internal")
	_, err = query.NewWorkQueuesHandler(e.store.WorkQueues(), nil, apptest.BrokenPolicy{}).Handle(e.ctx,
		query.WorkQueues{Principal: apptest.StaffOf(access.RoleReviewer)})
	wantErr(t, err, apperr.KindInternal, "internal")
}

// 投稿审核's queue is listed for those who review submissions (the editor, the
// admin), counted by its own count; a count that fails is a fault.
func TestWorkQueuesSubmissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	handler := func(count func(context.Context) (int, error)) *query.WorkQueuesHandler {
		return query.NewWorkQueuesHandler(e.store.WorkQueues(), nil, e.policy).WithSubmissions(count)
	}
	three := func(context.Context) (int, error) { return 3, nil }
	v, err := handler(three).Handle(e.ctx, query.WorkQueues{Principal: apptest.StaffOf(access.RoleEditor)})
	require.NoError(t, err)
	assert.Equal(t, []query.WorkQueueCount{{Queue: query.QueueSubmissions, Count: 3}}, v.Queues)
	v, err = handler(three).Handle(e.ctx, query.WorkQueues{Principal: apptest.StaffOf(access.RoleAdmin)})
	require.NoError(t, err)
	n, ok := v.Count(query.QueueSubmissions)
	assert.True(t, ok)
	assert.Equal(t, 3, n)
	assert.Equal(t, query.QueueSubmissions, v.Queues[len(v.Queues)-1].Queue, "last, in menu order")
	v, err = handler(three).Handle(e.ctx, query.WorkQueues{Principal: apptest.StaffOf(access.RoleReviewer)})
	require.NoError(t, err)
	_, ok = v.Count(query.QueueSubmissions)
	assert.False(t, ok, "reviewers do not review submissions")
	_, err = handler(func(context.Context) (int, error) { return 0, assert.AnError }).Handle(e.ctx,
		query.WorkQueues{Principal: apptest.StaffOf(access.RoleEditor)})
	wantErr(t, err, apperr.KindInternal, "internal")
}
