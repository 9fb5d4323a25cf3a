package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// NotificationFixture is one fresh, empty store: notifications belong to members,
// which are added through Members.
type NotificationFixture struct {
	Repo    ports.NotificationRepository
	Members ports.MemberRepository
	Handled ports.HandledEvents
}

// RunNotifications checks a ports.NotificationRepository and ports.HandledEvents.
func RunNotifications(t *testing.T, newFixture func(t *testing.T) NotificationFixture) {
	run(t, "add is idempotent per key", func(t *testing.T) { notificationsIdempotent(t, newFixture(t)) })
	run(t, "list newest first, count and mark read", func(t *testing.T) { notificationsList(t, newFixture(t)) })
	run(t, "handled events ledger", func(t *testing.T) { handledEvents(t, newFixture(t)) })
}

func newNotification(t *testing.T, memberID, key, text string, at time.Time) notification.Notification {
	t.Helper()
	n, err := notification.New(memberID, key, notification.CategoryApplication, text, at)
	require.NoError(t, err)
	return n
}

func notificationsIdempotent(t *testing.T, f NotificationFixture) {
	ctx := context.Background()
	m := addMember(t, f.Members, member.Enterprise, "测试号", "t@example.com")
	first := newNotification(t, m.ID(), "event-1", "企业【测试号】的入会申请资料已提交，请等待工作人员审核", epoch())
	added, err := f.Repo.Add(ctx, first)
	require.NoError(t, err)
	assert.True(t, added)
	again := newNotification(t, m.ID(), "event-1", "同一事件再次送达", epoch().Add(time.Second))
	added, err = f.Repo.Add(ctx, again)
	require.NoError(t, err)
	assert.False(t, added, "a redelivered event adds nothing")

	list, total, err := f.Repo.ListForMember(ctx, m.ID(), 10, 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, 1, total)
	assert.Equal(t, first.Text, list[0].Text)
	assert.Equal(t, first.ID, list[0].ID)
	assert.Equal(t, notification.CategoryApplication, list[0].Category)
	sameInstant(t, epoch(), list[0].CreatedAt, "created_at")
	assert.True(t, list[0].Unread())
}

func notificationsList(t *testing.T, f NotificationFixture) {
	ctx := context.Background()
	a := addMember(t, f.Members, member.Enterprise, "测试号", "t@example.com")
	b := addMember(t, f.Members, member.Individual, "张三", "z@example.com")
	var ids []string
	for i := range 5 {
		n := newNotification(t, a.ID(), "a-"+string(rune('0'+i)), "通知"+string(rune('0'+i)), epoch().Add(time.Duration(i)*time.Minute))
		_, err := f.Repo.Add(ctx, n)
		require.NoError(t, err)
		ids = append(ids, n.ID)
	}
	other := newNotification(t, b.ID(), "b-0", "别人的通知", epoch())
	_, err := f.Repo.Add(ctx, other)
	require.NoError(t, err)

	list, total, err := f.Repo.ListForMember(ctx, a.ID(), 2, 1)
	require.NoError(t, err)
	assert.Equal(t, 5, total)
	require.Len(t, list, 2)
	assert.Equal(t, "通知3", list[0].Text, "newest first, after the offset")
	assert.Equal(t, "通知2", list[1].Text)

	n, err := f.Repo.CountUnread(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, 5, n)

	changed, err := f.Repo.MarkRead(ctx, a.ID(), []string{ids[0], ids[1], other.ID}, epoch().Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, changed, "another member's notification is not touched")
	n, err = f.Repo.CountUnread(ctx, b.ID())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	n, err = f.Repo.CountUnread(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	// Recent: the latest few and the unread count of all of them. ids[0] and ids[1]
	// (the oldest) are read; the two newest are unread, and so is ids[2] beyond them.
	recent, unread, err := f.Repo.Recent(ctx, a.ID(), 2)
	require.NoError(t, err)
	require.Len(t, recent, 2)
	assert.Equal(t, "通知4", recent[0].Text)
	assert.Equal(t, 3, unread, "unread counts notifications beyond the page too")
	recent, unread, err = f.Repo.Recent(ctx, a.ID(), 10)
	require.NoError(t, err)
	assert.Len(t, recent, 5)
	assert.Equal(t, 3, unread)
	recent, unread, err = f.Repo.Recent(ctx, "nobody", 5)
	require.NoError(t, err)
	assert.Empty(t, recent)
	assert.Zero(t, unread)

	changed, err = f.Repo.MarkRead(ctx, a.ID(), nil, epoch().Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 3, changed, "all the rest")
	list, _, err = f.Repo.ListForMember(ctx, a.ID(), 10, 0)
	require.NoError(t, err)
	for _, x := range list {
		assert.False(t, x.Unread())
	}
	sameInstant(t, epoch().Add(time.Hour), list[4].ReadAt, "read_at is kept from the first mark")

	empty, total, err := f.Repo.ListForMember(ctx, "nobody", 10, 0)
	require.NoError(t, err)
	assert.Empty(t, empty)
	assert.Zero(t, total)
}

func handledEvents(t *testing.T, f NotificationFixture) {
	ctx := context.Background()
	done, err := f.Handled.Handled(ctx, "send_mail", "event-1")
	require.NoError(t, err)
	assert.False(t, done)
	require.NoError(t, f.Handled.MarkHandled(ctx, "send_mail", "event-1", epoch()))
	require.NoError(t, f.Handled.MarkHandled(ctx, "send_mail", "event-1", epoch()), "twice is fine")
	done, err = f.Handled.Handled(ctx, "send_mail", "event-1")
	require.NoError(t, err)
	assert.True(t, done)
	done, err = f.Handled.Handled(ctx, "other_handler", "event-1")
	require.NoError(t, err)
	assert.False(t, done, "per handler")
}
