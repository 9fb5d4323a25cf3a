package eventhandler_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
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

// tokenLog is a TokenStore that keeps what the handlers put.
type tokenLog struct {
	mu   sync.Mutex
	puts []tokenPut
}

type tokenPut struct {
	purpose, key string
	payload      []byte
	expires      time.Time
}

func (l *tokenLog) Put(_ context.Context, purpose, key string, payload []byte, expires time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.puts = append(l.puts, tokenPut{purpose, key, payload, expires})
	return nil
}
func (l *tokenLog) Take(context.Context, string, string, time.Time) ([]byte, error) {
	return nil, apperr.NotFound("token_not_found", "no")
}
func (l *tokenLog) Peek(context.Context, string, string, time.Time) ([]byte, error) {
	return nil, apperr.NotFound("token_not_found", "no")
}
func (l *tokenLog) DeleteExpired(context.Context, time.Time) (int, error) { return 0, nil }
func (l *tokenLog) PutFor(context.Context, string, string, string, []byte, time.Time) error {
	return errors.New("tokenLog: PutFor is not used by the handlers")
}
func (l *tokenLog) DeleteFor(context.Context, string, string) (int, error) { return 0, nil }

// linkClock dates the verification links of the tests.
var linkClock = apptest.NewClock(time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC))

var site = eventhandler.Site{AssociationName: "中国质量协会", BaseURL: "https://m.example.org/",
	Location: time.FixedZone("CST", 8*3600)}

// TestWelcomeEmail: the registration email carries a verification link whose
// token is stored only hashed, with the member and the address, for
// Site.VerifyLinkFor; it does not echo the name the registrant typed.
func TestWelcomeEmail(t *testing.T) {
	t.Parallel()
	box, tokens := &outbox{}, &tokenLog{}
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: tokens, Clock: linkClock}, site),
		"send_welcome_email")
	assert.Equal(t, "member.registered", h.Event)
	ev := member.Registered{Base: member.Base{MemberID: "m1", Kind: member.Enterprise, Name: "点击领奖 http://evil.example",
		Email: "a@example.com"}}
	require.NoError(t, h.Handle(context.Background(), ev))
	require.NoError(t, h.Handle(context.Background(), &ev), "pointers are accepted too")
	require.Len(t, box.sent, 2)
	m := box.sent[0]
	assert.Equal(t, []string{"a@example.com"}, m.To)
	assert.Equal(t, "【中国质量协会】会员账号注册成功，请验证邮箱", m.Subject)
	assert.NotContains(t, m.Subject+m.Text, "点击领奖", "no free text to an unverified address")
	assert.NotContains(t, m.Subject+m.Text, "evil.example")
	assert.Contains(t, m.Text, "https://m.example.org/login")
	assert.Contains(t, m.Text, "（单位会员）")
	assert.Contains(t, m.Text, "2024-03-03 10:00", "expiry 48 h on, in the association's zone")

	token := linkToken(t, m.Text)
	require.Len(t, tokens.puts, 2, "one token per composed mail")
	put := tokens.puts[0]
	assert.Equal(t, auth.PurposeEmailVerification, put.purpose)
	assert.Equal(t, auth.HashToken(token), put.key, "only the hash is stored")
	assert.NotContains(t, string(put.payload), token)
	id, addr, ok := auth.ParseVerificationPayload(put.payload)
	assert.True(t, ok)
	assert.Equal(t, [2]string{"m1", "a@example.com"}, [2]string{id, addr})
	assert.Equal(t, linkClock.Now().Add(auth.VerifyTokenFor), put.expires)

	assert.Error(t, h.Handle(context.Background(), member.PasswordChanged{}), "a wrong event type is an error")
	assert.NotEmpty(t, m.Key)
	assert.Equal(t, m.Key, box.sent[1].Key, "a redelivery carries the same idempotency key")
}

// linkToken is the token of the verification link in a mail's text.
func linkToken(t *testing.T, text string) string {
	t.Helper()
	const prefix = "https://m.example.org/email/verify?token="
	i := strings.Index(text, prefix)
	require.GreaterOrEqual(t, i, 0, "no verification link in:\n%s", text)
	rest := text[i+len(prefix):]
	token, err := url.QueryUnescape(strings.Fields(rest)[0])
	require.NoError(t, err)
	require.NotEmpty(t, token)
	return token
}

// TestVerificationLinkEmail: a new link on request, valid as configured; no
// token store is an error the bus retries.
func TestVerificationLinkEmail(t *testing.T) {
	t.Parallel()
	box, tokens := &outbox{}, &tokenLog{}
	short := site
	short.VerifyLinkFor = 2 * time.Hour
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: tokens, Clock: linkClock}, short),
		"send_verification_link")
	assert.Equal(t, "member.email_verification_requested", h.Event)
	ev := member.EmailVerificationRequested{Base: member.Base{MemberID: "m1", Name: "某某", Email: "a@example.com"}}
	require.NoError(t, h.Handle(context.Background(), ev))
	require.Len(t, box.sent, 1)
	assert.Equal(t, "【中国质量协会】请验证邮箱", box.sent[0].Subject)
	assert.NotContains(t, box.sent[0].Text, "某某")
	assert.Equal(t, auth.HashToken(linkToken(t, box.sent[0].Text)), tokens.puts[0].key)
	assert.Equal(t, linkClock.Now().Add(2*time.Hour), tokens.puts[0].expires)
	assert.Contains(t, box.sent[0].Text, "2024-03-01 12:00")

	none := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_verification_link")
	assert.ErrorContains(t, none.Handle(context.Background(), ev), "no token store")
}

// TestRegistrationAttemptEmail: the owner of a registered address hears of an
// attempt to register with it, with the login and reset pages, and no name.
func TestRegistrationAttemptEmail(t *testing.T) {
	t.Parallel()
	box := &outbox{}
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_registration_attempt_notice")
	assert.Equal(t, "member.registration_attempted", h.Event)
	ev := member.RegistrationAttempted{Base: member.Base{MemberID: "m1", Name: "王某某公司", Email: "a@example.com"}}
	require.NoError(t, h.Handle(context.Background(), ev))
	require.Len(t, box.sent, 1)
	m := box.sent[0]
	assert.Equal(t, []string{"a@example.com"}, m.To)
	assert.Equal(t, "【中国质量协会】有人尝试使用本邮箱注册会员账号", m.Subject)
	assert.Contains(t, m.Text, "https://m.example.org/login")
	assert.Contains(t, m.Text, "https://m.example.org/password/forgot")
	assert.NotContains(t, m.Text, "王某某公司")
}

// TestEmailKeysComeFromHandlerAndEvent: the mail queue keeps one message per
// key, so the key is the handler's name and the event occurrence — the same on
// every delivery, different between events and between handlers.
func TestEmailKeysComeFromHandlerAndEvent(t *testing.T) {
	t.Parallel()
	base := member.Base{EventID: "evt-1", MemberID: "m1", Name: "测试号", Email: "a@example.com"}
	box := &outbox{}
	welcome := pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: box}, site), "send_welcome_email")
	require.NoError(t, welcome.Handle(context.Background(), member.Registered{Base: base}))
	other := base
	other.EventID = "evt-2"
	require.NoError(t, welcome.Handle(context.Background(), member.Registered{Base: other}))
	approved := pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: box}, site), "send_application_approved_email")
	require.NoError(t, approved.Handle(context.Background(), member.ApplicationApproved{Base: base, Number: "19000001"}))
	reset := pick(t, eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Tokens: sampleLinks(false)}, site),
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
	store := &links{tokenLog: &tokenLog{}, raw: map[string]string{"link-2": "a+b"}}
	h := pick(t, eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Tokens: store}, site), "send_password_reset_link")
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
	welcome := pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: bad}, site), "send_welcome_email")
	assert.NoError(t, welcome.Handle(context.Background(), ev))
	down := &outbox{err: errors.New("connection refused")}
	welcome = pick(t, eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: down}, site), "send_welcome_email")
	assert.Error(t, welcome.Handle(context.Background(), ev))
}
