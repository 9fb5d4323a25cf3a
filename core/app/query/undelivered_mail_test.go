package query_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// mailLog is a fixed list of undelivered emails, newest first.
type mailLog []ports.UndeliveredMail

func (l mailLog) CountUndelivered(context.Context) (int, error) { return len(l), nil }

func (l mailLog) ListUndelivered(_ context.Context, limit, offset int) ([]ports.UndeliveredMail, int, error) {
	end := len(l)
	if limit > 0 {
		end = min(offset+limit, len(l))
	}
	return l[min(offset, len(l)):end], len(l), nil
}

// The admin sees the emails the mail server refused for good: a work queue
// with their count on the back office's home, and their list (recipient,
// subject, error, time). Other roles see neither.
func TestUndeliveredMailForTheAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	log := mailLog{
		{ID: 2, To: []string{"b@example.com"}, Subject: "欢迎", Error: "550 5.1.1 mailbox unavailable", QueuedAt: at},
		{ID: 1, To: []string{"a@example.com"}, Subject: "缴费确认", Error: "553 bad address", QueuedAt: at},
	}
	admin := apptest.StaffOf(access.RoleAdmin)
	v, err := query.NewWorkQueuesHandler(e.store.WorkQueues(), log, e.policy).Handle(e.ctx, query.WorkQueues{Principal: admin})
	require.NoError(t, err)
	n, ok := v.Count(query.QueueMail)
	assert.True(t, ok, "the admin watches undelivered email")
	assert.Equal(t, 2, n)
	assert.Equal(t, query.QueueMail, v.Queues[len(v.Queues)-1].Queue, "last in menu order")
	v, err = query.NewWorkQueuesHandler(e.store.WorkQueues(), log, e.policy).Handle(e.ctx,
		query.WorkQueues{Principal: apptest.StaffOf(access.RoleFinance)})
	require.NoError(t, err)
	_, ok = v.Count(query.QueueMail)
	assert.False(t, ok, "finance does not")

	h := query.NewUndeliveredMailHandler(log, e.policy)
	page, err := h.Handle(e.ctx, query.UndeliveredMail{Principal: admin, PageSize: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total)
	assert.Equal(t, 2, page.Pages)
	assert.Equal(t, []ports.UndeliveredMail{log[0]}, page.Items)
	for _, p := range []access.Principal{apptest.StaffOf(access.RoleFinance), apptest.StaffOf(access.RoleReviewer)} {
		_, err := h.Handle(e.ctx, query.UndeliveredMail{Principal: p})
		assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%s: %v", p.Role, err)
	}
	empty, err := query.NewUndeliveredMailHandler(nil, e.policy).Handle(e.ctx, query.UndeliveredMail{Principal: admin})
	require.NoError(t, err)
	assert.Empty(t, empty.Items, "no mail queue, nothing to list")
}
