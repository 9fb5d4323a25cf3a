package mimemsg

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/ports"
)

func messageIDOf(t *testing.T, key string) string {
	t.Helper()
	m, err := Compose("noreply@assoc.example", ports.Message{To: []string{"a@example.org"}, Subject: "s", Text: "t",
		Key: key}, time.Now())
	require.NoError(t, err)
	ids := m.GetGenHeader("Message-ID")
	require.Len(t, ids, 1)
	return ids[0]
}

// A queued message sent again (after a crash) keeps its Message-ID, so that
// receivers can drop the copy; messages without a key get random ones.
func TestMessageIDFollowsTheKey(t *testing.T) {
	first := messageIDOf(t, "mail.welcome:m1")
	assert.Equal(t, first, messageIDOf(t, "mail.welcome:m1"))
	assert.NotEqual(t, first, messageIDOf(t, "mail.welcome:m2"))
	assert.Contains(t, first, "@assoc.example")
	assert.NotEqual(t, messageIDOf(t, ""), messageIDOf(t, ""))
}
