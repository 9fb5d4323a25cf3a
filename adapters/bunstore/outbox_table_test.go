package bunstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

func appendEvents(t *testing.T, db *bunstore.DB, o *bunstore.TableOutbox, fail bool, events ...event.Event) {
	t.Helper()
	errFail := errors.New("roll back")
	err := db.Bun().RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		if err := o.Append(ctx, tx, events); err != nil {
			return err
		}
		if fail {
			return errFail
		}
		return nil
	})
	if fail {
		require.ErrorIs(t, err, errFail)
	} else {
		require.NoError(t, err)
	}
}

func submitted(id string, at time.Time) event.Event {
	return member.ApplicationSubmitted{Base: member.Base{MemberID: id, Kind: member.Enterprise, At: at}}
}

func TestTableOutbox(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	o := bunstore.NewTableOutbox(db)
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

	appendEvents(t, db, o, false) // nothing to append
	appendEvents(t, db, o, false, submitted("m1", at), submitted("m2", at))
	appendEvents(t, db, o, true, submitted("rolled-back", at))
	appendEvents(t, db, o, false, submitted("m3", at))

	rows, err := o.FetchUnsent(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 3, "the rolled-back transaction wrote nothing")
	seen := map[string]bool{}
	for i, r := range rows {
		assert.Equal(t, "member.application_submitted", r.Name)
		_, err := uuid.Parse(r.UUID)
		require.NoError(t, err)
		assert.False(t, seen[r.UUID], "UUIDs are unique")
		seen[r.UUID] = true
		assert.WithinDuration(t, time.Now(), r.CreatedAt, time.Minute)
		assert.Equal(t, at, r.OccurredAt, "the event's own time")
		var e member.ApplicationSubmitted
		require.NoError(t, json.Unmarshal(r.Payload, &e))
		assert.Equal(t, []string{"m1", "m2", "m3"}[i], e.MemberID)
		assert.True(t, at.Equal(e.At))
		if i > 0 {
			assert.Greater(t, r.ID, rows[i-1].ID, "id order")
		}
	}

	first, err := o.FetchUnsent(ctx, 2)
	require.NoError(t, err)
	require.Len(t, first, 2)
	assert.Equal(t, rows[:2], first, "limit keeps the oldest")

	sentAt := time.Now()
	require.NoError(t, o.MarkSent(ctx, []int64{rows[0].ID, rows[1].ID}, sentAt))
	require.NoError(t, o.MarkSent(ctx, nil, sentAt))
	rest, err := o.FetchUnsent(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rest, 1)
	assert.Equal(t, rows[2].ID, rest[0].ID)

	n, err := o.PruneSent(ctx, sentAt)
	require.NoError(t, err)
	assert.Zero(t, n, "rows sent at the cut-off are kept")
	n, err = o.PruneSent(ctx, sentAt.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "only sent rows are pruned")
	rest, err = o.FetchUnsent(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, rest, 1, "the unsent row stays")
}

// A row carries the time its event occurred, in the form outbox.NewEntry gives
// it (UTC, to the microsecond), whatever the clock that wrote the row; rows
// written before the occurred_at column fall back to their created_at.
func TestTableOutboxKeepsWhenTheEventOccurred(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	o := bunstore.NewTableOutbox(db)
	at := time.Date(2024, 3, 1, 17, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

	appendEvents(t, db, o, false, submitted("m1", at))
	created := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	_, err := db.SQL().ExecContext(ctx, `INSERT INTO outbox_messages (uuid, name, payload, created_at)
VALUES ('older-row', 'member.application_submitted', '{}', ?)`, created)
	require.NoError(t, err)

	rows, err := o.FetchUnsent(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 0, 0, 123456000, time.UTC), rows[0].OccurredAt)
	assert.Equal(t, "older-row", rows[1].UUID)
	assert.True(t, created.Equal(rows[1].OccurredAt), "occurred when written: %v", rows[1].OccurredAt)
}
