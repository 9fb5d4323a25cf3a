package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/ports"
)

type statsEvent struct{ At time.Time }

func (statsEvent) EventName() string       { return "test.stats" }
func (e statsEvent) OccurredAt() time.Time { return e.At }

func TestOperationalCounts(t *testing.T) {
	t.Parallel()
	db, ctx := bunstoretest.OpenSQLite(t), context.Background()
	n, oldest, err := db.OutboxBacklog(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.True(t, oldest.IsZero())

	out := bunstore.NewTableOutbox(db)
	before := time.Now().Add(-time.Second)
	require.NoError(t, db.Bun().RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return out.Append(ctx, tx, []event.Event{statsEvent{At: time.Now()}, statsEvent{At: time.Now()}})
	}))
	n, oldest, err = db.OutboxBacklog(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	assert.WithinDuration(t, time.Now(), oldest, time.Minute)
	assert.True(t, oldest.After(before))

	q := bunstore.NewMailQueue(db)
	for _, key := range []string{"a", "b", "c"} {
		_, err := q.Enqueue(ctx, ports.Message{Key: key, To: []string{key + "@example.org"}, Subject: "s", Text: "t"},
			time.Now())
		require.NoError(t, err)
	}
	claimed, err := q.Claim(ctx, "me", time.Now(), time.Minute, 1)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	ok, err := q.MarkFailed(ctx, claimed[0].ID, "me", "550 no such user")
	require.NoError(t, err)
	require.True(t, ok)
	pending, failed, err := db.MailQueueCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), pending)
	assert.Equal(t, int64(1), failed)
}
