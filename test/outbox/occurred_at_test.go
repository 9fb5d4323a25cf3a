package outbox_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/member"
)

// capturing is a publisher that keeps what it is given.
type capturing struct {
	mu   sync.Mutex
	msgs []*message.Message
}

func (c *capturing) Publish(_ string, msgs ...*message.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, msgs...)
	return nil
}

func (c *capturing) Close() error { return nil }

func (c *capturing) published() []*message.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*message.Message(nil), c.msgs...)
}

// The message the relay sends for a row of the SQLite outbox carries the same
// metadata as the one the PostgreSQL outbox writes for the same event
// (watermillbus.Encode): the event's own time, not when the row was written,
// in UTC to the microsecond.
func TestSQLiteAndPostgresOutboxesAgreeOnOccurredAt(t *testing.T) {
	t.Parallel()
	db, table := openOutbox(t)
	occurred := time.Date(2023, 11, 5, 20, 15, 7, 123456789, time.FixedZone("CST", 8*3600))
	e := member.Registered{Base: member.Base{MemberID: "m1", Kind: member.Individual, Name: "Ada", At: occurred}}
	commit(t, db, table, false, e)

	pub := &capturing{}
	relay, _ := runRelay(t, table, pub, watermillbus.RelayOptions{})
	relay.Notify()
	require.Eventually(t, func() bool { return len(pub.published()) == 1 }, 5*time.Second, 5*time.Millisecond)

	relayed := pub.published()[0]
	encoded, err := watermillbus.Encode(e) // what PostgresOutbox.Append writes
	require.NoError(t, err)
	for _, key := range []string{watermillbus.MetadataEventName, watermillbus.MetadataOccurredAt} {
		assert.Equal(t, encoded.Metadata.Get(key), relayed.Metadata.Get(key), key)
	}
	assert.Equal(t, "2023-11-05T12:15:07.123456Z", relayed.Metadata.Get(watermillbus.MetadataOccurredAt))
	assert.JSONEq(t, string(encoded.Payload), string(relayed.Payload))
}
