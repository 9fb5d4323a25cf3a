package eventhandler_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// outbox is a Mailer that records messages and fails as told.
type outbox struct {
	sent []ports.Message
	err  error
}

func (o *outbox) Send(_ context.Context, m ports.Message) error {
	if o.err != nil {
		return o.err
	}
	o.sent = append(o.sent, m)
	return nil
}

var site = eventhandler.Site{AssociationName: "中国质量协会", BaseURL: "https://m.example.org/",
	Location: time.FixedZone("CST", 8*3600)}

func TestWelcomeEmail(t *testing.T) {
	t.Parallel()
	box := &outbox{}
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_welcome_email")
	assert.Equal(t, "member.registered", h.Event)
	ev := member.Registered{Base: member.Base{MemberID: "m1", Kind: member.Enterprise, Name: "测试号", Email: "a@example.com"}}
	require.NoError(t, h.Handle(context.Background(), ev))
	require.NoError(t, h.Handle(context.Background(), &ev), "pointers are accepted too")
	require.Len(t, box.sent, 2)
	assert.Equal(t, []string{"a@example.com"}, box.sent[0].To)
	assert.Equal(t, "【中国质量协会】会员账号注册成功", box.sent[0].Subject)
	assert.Contains(t, box.sent[0].Text, "测试号")
	assert.Contains(t, box.sent[0].Text, "https://m.example.org/login")
	assert.Error(t, h.Handle(context.Background(), member.PasswordChanged{}), "a wrong event type is an error")
	assert.NotEmpty(t, box.sent[0].Key)
	assert.Equal(t, box.sent[0].Key, box.sent[1].Key, "a redelivery carries the same idempotency key")
}

// TestEmailKeysComeFromHandlerAndEvent: the mail queue keeps one message per
// key, so the key is the handler's name and the event occurrence — the same on
// every delivery, different between events and between handlers.
func TestEmailKeysComeFromHandlerAndEvent(t *testing.T) {
	t.Parallel()
	base := member.Base{EventID: "evt-1", MemberID: "m1", Name: "测试号", Email: "a@example.com"}
	box := &outbox{}
	welcome := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_welcome_email")
	require.NoError(t, welcome.Handle(context.Background(), member.Registered{Base: base}))
	other := base
	other.EventID = "evt-2"
	require.NoError(t, welcome.Handle(context.Background(), member.Registered{Base: other}))
	approved := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_application_approved_email")
	require.NoError(t, approved.Handle(context.Background(), member.ApplicationApproved{Base: base, Number: "19000001"}))
	reset := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: sampleLinks(false)}, site),
		"send_password_reset_link")
	require.NoError(t, reset.Handle(context.Background(), member.PasswordResetRequested{Base: base, LinkID: "link-1"}))
	require.Len(t, box.sent, 4)
	assert.Equal(t, "send_welcome_email:evt-1", box.sent[0].Key)
	assert.Equal(t, "send_welcome_email:evt-2", box.sent[1].Key)
	assert.Equal(t, "send_application_approved_email:evt-1", box.sent[2].Key)
	assert.Equal(t, "send_password_reset_link:evt-1", box.sent[3].Key)
}

func TestResetEmailShowsLocalExpiry(t *testing.T) {
	t.Parallel()
	box := &outbox{}
	store := &links{raw: map[string]string{"link-2": "a+b"}}
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: store}, site), "send_password_reset_link")
	ev := member.PasswordResetRequested{Base: member.Base{Name: "张三", Email: "z@example.com"},
		LinkID: "link-2", ExpiresAt: time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)}
	require.NoError(t, h.Handle(context.Background(), ev))
	require.Len(t, box.sent, 1)
	assert.Contains(t, box.sent[0].Text, "https://m.example.org/password/reset?token=a%2Bb")
	assert.Contains(t, box.sent[0].Text, "2026-01-01 10:00", "expiry in the association's zone")
}

func TestUndeliverableMailIsDroppedOtherErrorsRetried(t *testing.T) {
	t.Parallel()
	ev := member.Registered{Base: member.Base{Name: "测试号", Email: "a@example.com"}}
	bad := &outbox{err: fmt.Errorf("smtp: %w", ports.ErrUndeliverable)}
	welcome := pick(t, eventhandler.All(eventhandler.Deps{Mailer: bad}, site), "send_welcome_email")
	assert.NoError(t, welcome.Handle(context.Background(), ev))
	down := &outbox{err: errors.New("connection refused")}
	welcome = pick(t, eventhandler.All(eventhandler.Deps{Mailer: down}, site), "send_welcome_email")
	assert.Error(t, welcome.Handle(context.Background(), ev))
}
