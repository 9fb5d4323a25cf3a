package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/ports"
)

// The emails the queue gave up on are counted and listed for staff, newest
// first, with recipients, subject, error and time; sent and pending ones are
// not.
func TestUndeliveredMailLog(t *testing.T) {
	ctx := context.Background()
	q := bunstore.NewMailQueue(bunstoretest.OpenSQLite(t))
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	n, err := q.CountUndelivered(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	for i, to := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"} {
		_, err := q.Enqueue(ctx, ports.Message{To: []string{to}, Subject: "主题" + to, Text: "正文"},
			now.Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
	}
	rows, err := q.Claim(ctx, "h", now.Add(time.Minute), time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, rows, 4)
	ok, err := q.MarkFailed(ctx, rows[0].ID, "h", "smtpmail: 550 5.1.1 mailbox unavailable")
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = q.MarkFailed(ctx, rows[2].ID, "h", "no recipient")
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = q.MarkSent(ctx, rows[1].ID, "h", now)
	require.NoError(t, err)
	require.True(t, ok)

	n, err = q.CountUndelivered(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	list, total, err := q.ListUndelivered(ctx, 1, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	require.Len(t, list, 1)
	assert.Equal(t, ports.UndeliveredMail{ID: rows[2].ID, To: []string{"c@example.com"}, Subject: "主题c@example.com",
		Error: "no recipient", Attempts: 1, QueuedAt: now.Add(2 * time.Second)}, list[0], "newest first")
	list, _, err = q.ListUndelivered(ctx, 10, 1)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "smtpmail: 550 5.1.1 mailbox unavailable", list[0].Error)
}
