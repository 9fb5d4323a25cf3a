package outbox_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/outbox"
)

func TestNewEntry(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	at := time.Date(2025, 3, 14, 17, 26, 53, 589793238, shanghai)
	e := member.Registered{Base: member.Base{MemberID: "m1", Kind: member.Individual, Name: "Ada", At: at}}

	a, err := outbox.NewEntry(e)
	require.NoError(t, err)
	b, err := outbox.NewEntry(e)
	require.NoError(t, err)

	_, err = uuid.Parse(a.UUID)
	require.NoError(t, err)
	assert.NotEqual(t, a.UUID, b.UUID, "each entry is a message of its own")
	assert.Equal(t, "member.registered", a.Name)
	want, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(a.Payload))
	assert.Equal(t, time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC), a.OccurredAt,
		"the event's time in UTC, to the microsecond both databases keep")
	assert.Equal(t, time.UTC, a.OccurredAt.Location())
}

func TestOccurredAtKeepsTheZeroTime(t *testing.T) {
	t.Parallel()
	assert.True(t, outbox.OccurredAt(time.Time{}).IsZero())
}
