package command_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

func (e *env) markRead() *command.MarkNotificationsReadHandler {
	return command.NewMarkNotificationsReadHandler(e.store.Notifications(), e.clock)
}

// notify stores n notifications for the member and returns their ids.
func (e *env) notify(m *member.Member, n int) []string {
	e.t.Helper()
	ids := make([]string, n)
	for i := range n {
		nt, err := notification.New(m.ID(), fmt.Sprintf("%s-%d", m.ID(), i), notification.CategoryApplication,
			fmt.Sprintf("通知%d", i), e.clock.Now())
		require.NoError(e.t, err)
		_, err = e.store.Notifications().Add(e.ctx, nt)
		require.NoError(e.t, err)
		ids[i] = nt.ID
	}
	return ids
}

func (e *env) unread(m *member.Member) int {
	e.t.Helper()
	n, err := e.store.Notifications().CountUnread(e.ctx, m.ID())
	require.NoError(e.t, err)
	return n
}

// A member marks the listed notifications read, or all of them; another
// member's ids are ignored.
func TestMarkNotificationsRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.member(member.Individual, "张三", member.StatusRegistered)
	bob := e.member(member.Individual, "李四", member.StatusRegistered)
	mine, theirs := e.notify(alice, 3), e.notify(bob, 2)
	p := apptest.MemberOf(alice)

	n, err := e.markRead().Handle(e.ctx, command.MarkNotificationsRead{Principal: p, IDs: []string{mine[0], theirs[0]}})
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the member's own")
	assert.Equal(t, 2, e.unread(alice))
	assert.Equal(t, 2, e.unread(bob))

	n, err = e.markRead().Handle(e.ctx, command.MarkNotificationsRead{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, 2, n, "all the rest")
	assert.Zero(t, e.unread(alice))
	assert.Equal(t, 2, e.unread(bob))
}

// Refusals: too many ids at once, staff, nobody. Nothing is marked.
func TestMarkNotificationsReadRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	e.notify(m, 1)
	_, err := e.markRead().Handle(e.ctx, command.MarkNotificationsRead{Principal: apptest.MemberOf(m),
		IDs: make([]string, 201)})
	assert.Equal(t, map[string]string{"ids": "too_many"}, fieldCodes(err))
	_, err = e.markRead().Handle(e.ctx, command.MarkNotificationsRead{Principal: apptest.StaffOf(access.RoleAdmin)})
	wantErr(t, err, apperr.KindForbidden, "members_only")
	_, err = e.markRead().Handle(e.ctx, command.MarkNotificationsRead{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	assert.Equal(t, 1, e.unread(m))
}
