package eventhandler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// notes is a NotificationRepository in memory, unique by key.
type notes struct {
	byKey map[string]notification.Notification
}

func (n *notes) Add(_ context.Context, x notification.Notification) (bool, error) {
	if _, ok := n.byKey[x.Key]; ok {
		return false, nil
	}
	n.byKey[x.Key] = x
	return true, nil
}
func (n *notes) ListForMember(context.Context, string, int, int) ([]notification.Notification, int, error) {
	return nil, 0, nil
}
func (n *notes) CountUnread(context.Context, string) (int, error) { return 0, nil }
func (n *notes) Recent(context.Context, string, int) ([]notification.Notification, int, error) {
	return nil, 0, nil
}
func (n *notes) MarkRead(context.Context, string, []string, time.Time) (int, error) {
	return 0, nil
}

// ledger is a HandledEvents in memory.
type ledger map[string]bool

func (l ledger) Handled(_ context.Context, h, k string) (bool, error) { return l[h+"|"+k], nil }
func (l ledger) MarkHandled(_ context.Context, h, k string, _ time.Time) error {
	l[h+"|"+k] = true
	return nil
}

var at = time.Date(2019, 9, 21, 10, 0, 0, 0, time.UTC)

func TestApplicationNotificationsUseTheManualsWording(t *testing.T) {
	t.Parallel()
	repo := &notes{byKey: map[string]notification.Notification{}}
	hs := eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: &outbox{}, Notifications: repo}, site)
	ent := member.Base{EventID: "e1", MemberID: "m1", Kind: member.Enterprise, Name: "测试号", Email: "a@example.com", At: at}
	ind := member.Base{EventID: "e2", MemberID: "m2", Kind: member.Individual, Name: "张三", Email: "z@example.com", At: at}
	cases := []struct {
		h    eventhandler.Handler
		ev   any
		want string
	}{
		{pick(t, hs, "notify_application_submitted"), member.ApplicationSubmitted{Base: ent},
			"企业【测试号】的入会申请资料已提交，请等待工作人员审核"},
		{pick(t, hs, "notify_application_approved"), &member.ApplicationApproved{Base: ent, Number: "19141263"},
			"企业【测试号】的入会申请资料已通过, 会员号: 19141263"},
		{pick(t, hs, "notify_application_approved"), member.ApplicationApproved{Base: ind, Number: "GR190037"},
			"个人会员【张三】的入会申请资料已通过, 会员号: GR190037"},
		{pick(t, hs, "notify_application_rejected"), member.ApplicationRejected{Base: ent, Reason: "盖章不清晰"},
			"企业【测试号】的入会申请资料未通过审核，原因：盖章不清晰，请修改后重新提交"},
	}
	for _, tc := range cases {
		before := len(repo.byKey)
		ev := tc.ev.(interface {
			EventName() string
			OccurredAt() time.Time
		})
		require.NoError(t, tc.h.Handle(context.Background(), ev))
		require.NoError(t, tc.h.Handle(context.Background(), ev), "redelivery")
		require.Len(t, repo.byKey, before+1, "one notification per event: %s", tc.want)
		var found bool
		for _, n := range repo.byKey {
			found = found || n.Text == tc.want
		}
		assert.True(t, found, tc.want)
	}
	err := pick(t, hs, "notify_application_submitted").Handle(context.Background(), member.Registered{Base: ent})
	assert.Error(t, err, "the wrong event type")
}

func TestApplicationEmailsAreSentOncePerEvent(t *testing.T) {
	t.Parallel()
	box, seen := &outbox{}, ledger{}
	h := pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: box, HandledEvents: seen}, site),
		"send_application_approved_email")
	// An event stored before EventID existed is keyed by name, member and time.
	ev := member.ApplicationApproved{Base: member.Base{MemberID: "m1", Kind: member.Enterprise, Name: "测试号",
		Email: "a@example.com", At: at}, Number: "19141263"}
	box.err = errors.New("smtp down")
	require.Error(t, h.Handle(context.Background(), ev), "a failed send is retried")
	assert.Empty(t, seen, "and not recorded")
	box.err = nil
	require.NoError(t, h.Handle(context.Background(), ev))
	require.NoError(t, h.Handle(context.Background(), ev))
	require.Len(t, box.sent, 1)
	assert.Equal(t, "【中国质量协会】入会申请审核通过", box.sent[0].Subject)
	assert.Contains(t, box.sent[0].Text, "企业【测试号】的入会申请资料已通过, 会员号: 19141263")
	assert.Contains(t, box.sent[0].Text, "https://m.example.org/member")

	later := ev
	later.At = at.Add(time.Second)
	require.NoError(t, h.Handle(context.Background(), later), "another occurrence")
	assert.Len(t, box.sent, 2)

	rej := pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: box}, site), "send_application_rejected_email")
	require.NoError(t, rej.Handle(context.Background(), member.ApplicationRejected{Base: ev.Base, Reason: "缺少盖章"}))
	assert.Contains(t, box.sent[2].Text, "原因：缺少盖章")
}
