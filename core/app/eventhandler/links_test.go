package eventhandler_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// links is the token store as the reset-link email uses it: the raw tokens of
// reset links by link id (auth.PurposeResetLink). keep makes Take leave the
// link, as a crash between queueing the email and removing its link would; err
// fails every call.
type links struct {
	*tokenLog // Put records the verification links; Peek and Take serve the reset links

	mu   sync.Mutex
	raw  map[string]string
	keep bool
	err  error
}

// sampleLinks holds the links of the sample events.
func sampleLinks(keep bool) *links {
	return &links{tokenLog: &tokenLog{}, raw: map[string]string{"link-ind": "a+b/c", "link-1": "t", "link-email": "e+f"}, keep: keep}
}

func (l *links) Peek(_ context.Context, purpose, key string, _ time.Time) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return nil, l.err
	}
	raw, ok := l.raw[key]
	if !ok || (purpose != auth.PurposeResetLink && purpose != auth.PurposeEmailChangeLink) {
		return nil, apperr.NotFound("token_not_found", "链接或验证已失效，请重新获取")
	}
	return []byte(raw), nil
}

func (l *links) Take(ctx context.Context, purpose, key string, now time.Time) ([]byte, error) {
	raw, err := l.Peek(ctx, purpose, key, now)
	if err == nil && !l.keep {
		l.mu.Lock()
		delete(l.raw, key)
		l.mu.Unlock()
	}
	return raw, err
}

// The reset-link email reads the raw token by the event's link id and removes
// it once the email is queued: a redelivery then sends nothing, nor does an
// event whose link is gone (replaced, used, expired). A failing store or mailer
// is retried, and the link stays for the retry.
func TestResetLinkEmailUsesTheLinkOnce(t *testing.T) {
	t.Parallel()
	ev := member.PasswordResetRequested{Base: member.Base{EventID: "evt-9", Name: "张三", Email: "z@example.com"},
		LinkID: "link-1"}
	store, box := sampleLinks(false), &outbox{}
	h := pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: store}, site), "send_password_reset_link")
	require.NoError(t, h.Handle(context.Background(), ev))
	require.Len(t, box.sent, 1)
	assert.Contains(t, box.sent[0].Text, "/password/reset?token=t")
	assert.NotContains(t, store.raw, "link-1", "the raw token is removed once the email is queued")
	require.NoError(t, h.Handle(context.Background(), ev))
	assert.Len(t, box.sent, 1, "nothing left to send")

	down := &outbox{err: errors.New("connection refused")}
	store = sampleLinks(false)
	h = pick(t, eventhandler.All(eventhandler.Deps{Mailer: down, Tokens: store}, site), "send_password_reset_link")
	require.Error(t, h.Handle(context.Background(), ev))
	assert.Contains(t, store.raw, "link-1", "the link waits for the retry")

	broken := &links{tokenLog: &tokenLog{}, err: errors.New("database is locked")}
	h = pick(t, eventhandler.All(eventhandler.Deps{Mailer: box, Tokens: broken}, site), "send_password_reset_link")
	require.ErrorContains(t, h.Handle(context.Background(), ev), "database is locked")
	h = pick(t, eventhandler.All(eventhandler.Deps{Mailer: box}, site), "send_password_reset_link")
	require.Error(t, h.Handle(context.Background(), ev), "without a token store the link cannot be written")
	assert.Len(t, box.sent, 1)
}
