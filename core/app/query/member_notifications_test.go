package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

// A member pages through its own notifications, newest first, with the total
// and the unread count; another member's never show.
func TestMemberNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.member(member.Individual, "张三", member.StatusRegistered)
	bob := e.member(member.Individual, "李四", member.StatusRegistered)
	ids := e.notify(alice, 25)
	e.notify(bob, 3)
	_, err := e.store.Notifications().MarkRead(e.ctx, alice.ID(), ids[:5], e.clock.Now())
	require.NoError(t, err)
	h := query.NewMemberNotificationsHandler(e.store.Notifications())

	first, err := h.Handle(e.ctx, query.MemberNotifications{Principal: apptest.MemberOf(alice)})
	require.NoError(t, err)
	assert.Equal(t, 25, first.Total)
	assert.Equal(t, 20, first.Unread)
	require.Len(t, first.Items, query.DefaultPageSize)
	assert.Equal(t, ids[24], first.Items[0].ID)
	assert.Equal(t, "通知24", first.Items[0].Text)

	rest, err := h.Handle(e.ctx, query.MemberNotifications{Principal: apptest.MemberOf(alice), Limit: 1000,
		Offset: 20})
	require.NoError(t, err)
	require.Len(t, rest.Items, 5)
	assert.Equal(t, ids[0], rest.Items[4].ID)
	assert.True(t, rest.Items[4].Read)

	bobs, err := h.Handle(e.ctx, query.MemberNotifications{Principal: apptest.MemberOf(bob), Offset: -3})
	require.NoError(t, err)
	assert.Equal(t, 3, bobs.Total)
	for _, it := range bobs.Items {
		assert.NotContains(t, ids, it.ID)
	}

	_, err = h.Handle(e.ctx, query.MemberNotifications{Principal: apptest.StaffOf(access.RoleAdmin)})
	wantErr(t, err, apperr.KindForbidden, "members_only")
	_, err = h.Handle(e.ctx, query.MemberNotifications{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
