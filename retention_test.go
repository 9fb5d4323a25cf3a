package membership_test

import (
	"context"
	"database/sql"
	"io"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/driver/sqliteshim"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/membershiptest"
)

// The one clean-up loop prunes, on SQLite and by the module's clock, the sent
// outbox rows, the sent emails, the expired sessions, the old failed logins and
// the handled events, each after its Config.Retention, and counts what it
// deleted in membership_cleanup_deleted_total{what}.
func TestRetentionPrunesThroughTheCleanup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) {
		c.CleanupEvery = 5 * time.Millisecond
		c.Retention = membership.RetentionConfig{SentEvents: time.Hour, SentMail: 24 * time.Hour,
			LoginAttempts: 3 * time.Hour, HandledEvents: 72 * time.Hour}
	}))
	db, err := sql.Open(sqliteshim.ShimName, filepath.Join(env.DataDir, "membership.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	count := func(query string) int {
		var n int
		require.NoError(t, db.QueryRowContext(ctx, query).Scan(&n))
		return n
	}
	const (
		sentEvents = `SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL`
		unsent     = `SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL`
		sentMail   = `SELECT count(*) FROM mail_queue WHERE status = 'sent'`
		pending    = `SELECT count(*) FROM mail_queue WHERE status <> 'sent'`
		handled    = `SELECT count(*) FROM handled_events`
		sessions   = `SELECT count(*) FROM sessions`
	)

	env.RegisterMember(t, "individual", "张三", "zhang@example.com", "secret123")
	env.LoginMember(t, "张三", "secret123")
	limit := auth.ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	_, _, err = env.Module.Ports().LoginAttempts.Reserve(ctx, env.Clock.Now(), attemptLimit("someone", limit))
	require.NoError(t, err)
	failures := func() int {
		n, _, err := env.Module.Ports().LoginAttempts.Failures(ctx, "someone", time.Time{})
		require.NoError(t, err)
		return n
	}
	require.True(t, env.WaitUntil(10*time.Second, func() bool {
		return count(unsent) == 0 && count(pending) == 0 && count(sentEvents) > 0 && count(sentMail) > 0 && count(handled) > 0
	}), "events and emails sent")
	require.Positive(t, count(sessions))

	env.Clock.Advance(2 * time.Hour) // past SentEvents only
	require.Eventually(t, func() bool { return count(sentEvents) == 0 }, 10*time.Second, 5*time.Millisecond)
	assert.Positive(t, count(sentMail), "sent mail kept a day")
	assert.Positive(t, count(handled), "handled events kept three days")
	assert.Equal(t, 1, failures(), "failed logins kept three hours")

	env.Clock.Advance(2 * time.Hour) // past LoginAttempts
	require.Eventually(t, func() bool { return failures() == 0 }, 10*time.Second, 5*time.Millisecond)
	assert.Positive(t, count(sentMail))

	env.Clock.Advance(24 * time.Hour) // past SentMail
	require.Eventually(t, func() bool { return count(sentMail) == 0 }, 10*time.Second, 5*time.Millisecond)
	assert.Positive(t, count(handled))

	env.Clock.Advance(48 * time.Hour) // past HandledEvents
	require.Eventually(t, func() bool { return count(handled) == 0 }, 10*time.Second, 5*time.Millisecond)

	env.Clock.Advance(31 * 24 * time.Hour) // every session expired
	require.Eventually(t, func() bool { return count(sessions) == 0 }, 10*time.Second, 5*time.Millisecond)

	rec := httptest.NewRecorder()
	env.Module.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	for _, what := range []string{"sent_events", "sent_mail", "login_attempts", "handled_events", "sessions"} {
		assert.Contains(t, string(body), `membership_cleanup_deleted_total{what="`+what+`"}`)
	}
}

// Negative retentions are refused at start, as is a failed-login retention
// shorter than the throttling window.
func TestRetentionConfigRefusesNonsense(t *testing.T) {
	t.Parallel()
	for _, r := range []membership.RetentionConfig{{SentEvents: -time.Second}, {SentMail: -time.Hour},
		{LoginAttempts: time.Minute}, {HandledEvents: -1}} {
		_, err := membership.New(membership.Config{DataDir: t.TempDir(), Retention: r})
		assert.ErrorContains(t, err, "Retention", r)
	}
}
