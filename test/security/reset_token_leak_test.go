package security_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 8: the raw reset token leaves the token table only in the email. The
// event that makes the email go out carries a link id, not the token, so no
// outbox row (what a broker would carry) holds it; once the email is sent the
// mail queue's prune clears its body.
func TestRawResetTokenStaysOutOfOutboxAndMailQueue(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	const email = "leak.check@example.com"
	env.RegisterMember(t, "individual", "赵泄露", email, "first1234")
	links := resetLinks{t: t, env: env, h: env.Handler(), email: email}
	token := links.request()
	require.NotEmpty(t, token)

	ctx := context.Background()
	db, err := bunstore.Open(ctx, filepath.Join(env.DataDir, "membership.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	var payloads []string
	require.NoError(t, db.Bun().NewRaw(`SELECT CAST(payload AS TEXT) FROM outbox_messages`).Scan(ctx, &payloads))
	require.NotEmpty(t, payloads, "the request went through the outbox")
	for _, p := range payloads {
		assert.NotContains(t, p, token, "an outbox row carries the raw reset token")
	}

	// The email was sent (it is in the mailbox); the queue's prune clears the
	// bodies of sent mail.
	queue := bunstore.NewMailQueue(db)
	_, err = queue.PruneSent(ctx, time.Now().Add(-7*24*time.Hour))
	require.NoError(t, err)
	var rows []struct {
		Status   string `bun:"status"`
		TextBody string `bun:"text_body"`
		HTMLBody string `bun:"html_body"`
	}
	require.NoError(t, db.Bun().NewRaw(`SELECT status, text_body, html_body FROM mail_queue`).Scan(ctx, &rows))
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Equal(t, "sent", r.Status)
		assert.False(t, strings.Contains(r.TextBody, token) || strings.Contains(r.HTMLBody, token),
			"a sent email's body still holds the raw reset token after the prune")
	}
	var raw []string
	require.NoError(t, db.Bun().NewRaw(`SELECT CAST(payload AS TEXT) FROM tokens`).Scan(ctx, &raw))
	for _, p := range raw {
		assert.NotContains(t, p, token, "once the email is queued the raw token is gone from the token table")
	}
}
