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
	assert.Eventually(t, func() bool { return ps.Ready(ctx) != nil }, 5*time.Second, 20*time.Millisecond)
}
