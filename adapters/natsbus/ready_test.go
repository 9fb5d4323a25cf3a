package natsbus_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/natsbus"
)

// Ready is true while the server runs and false once it is gone.
func TestReadyFollowsTheServer(t *testing.T) {
	t.Parallel()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	require.NoError(t, err)
	go s.Start()
	require.True(t, s.ReadyForConnections(10*time.Second))
	ps, err := natsbus.New(natsbus.Config{URL: s.ClientURL(), Stream: "T_ready", SubjectPrefix: "tready"}, nil)
	require.NoError(t, err)
	defer ps.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, ps.Ready(ctx))
	s.Shutdown()
	// Each check gets its own short deadline: a JetStream request on a lost
	// connection waits for its context, which must not be the one above.
	assert.Eventually(t, func() bool {
		c, done := context.WithTimeout(context.Background(), time.Second)
		defer done()
		return ps.Ready(c) != nil
	}, 15*time.Second, 20*time.Millisecond)
}
