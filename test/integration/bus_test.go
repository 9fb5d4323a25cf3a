//go:build integration

package integration

import (
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/natsbus"
	"github.com/openassoc/membership/test/integration/busscenario"
)

// natsFactory builds NATS brokers on the container, each on a stream and subject
// prefix of its own. AckWait and NakDelay are short so that redeliveries happen
// within the scenarios' patience.
func natsFactory(t *testing.T) busscenario.Factory {
	url := natsURL(t)
	return busscenario.Factory{Durable: true, New: func(t *testing.T) busscenario.Broker {
		id := randomHex(4)
		ps, err := natsbus.New(natsbus.Config{URL: url, Name: "integration " + t.Name(), Stream: "IT_" + id,
			SubjectPrefix: "it" + id, AckWait: 3 * time.Second, NakDelay: 50 * time.Millisecond,
			CloseTimeout: 3 * time.Second}, testLogger(t))
		require.NoError(t, err, "natsbus on the NATS container")
		t.Cleanup(func() { assert.NoError(t, ps.Close()) })
		return busscenario.Broker{Publisher: ps.Publisher(), SubscriberFor: ps.SubscriberFor}
	}}
}

// brokers are the bus brokers every bus scenario runs on.
func brokers(t *testing.T) []struct {
	name    string
	factory busscenario.Factory
} {
	return []struct {
		name    string
		factory busscenario.Factory
	}{
		{"GoChannel", busscenario.GoChannel},
		{"NATS", natsFactory(t)},
	}
}

// TestBusScenarios runs the same event-handler scenarios on the in-process
// GoChannel and on NATS JetStream (the container).
func TestBusScenarios(t *testing.T) {
	for _, b := range brokers(t) {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			busscenario.Run(t, b.factory)
		})
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
