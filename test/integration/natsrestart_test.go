//go:build integration

package integration

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// registerN registers n accounts, four at a time, and fails the test unless
// each is answered 202.
func registerN(t *testing.T, r *registrar, n int) {
	t.Helper()
	before := r.count()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r.registerOne()
		})
	}
	wg.Wait()
	require.Equal(t, before+n, r.count(), "every registration answered 202")
}

// TestNATSRestart stops NATS while memberd (PostgreSQL + NATS JetStream) keeps
// registering members: the registrations succeed (their events wait in the
// PostgreSQL outbox), and once NATS is back every account's welcome email is
// written, exactly once. It stops the shared container: not parallel.
func TestNATSRestart(t *testing.T) {
	ctr := natsSvc.container(t)
	dsn := createDatabase(t, "natsrestart_"+randomHex(4))
	p := &memberdProcess{bin: memberdBinary(t), data: t.TempDir(), addr: fmt.Sprintf("127.0.0.1:%d", freePort()),
		args: []string{"-db", dsn, "-nats-url", natsURL(t)}}
	p.start(t)
	r := &registrar{base: "http://" + p.addr + "/api/v1", accepted: map[string]bool{},
		client: &http.Client{Timeout: 30 * time.Second}}
	registerN(t, r, 8)

	ctx := context.Background()
	stopTimeout := 5 * time.Second
	require.NoError(t, ctr.Stop(ctx, &stopTimeout), "stop nats")
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			require.NoError(t, ctr.Start(ctx), "start nats again")
		}
	}
	t.Cleanup(restart) // the other tests need NATS, whatever happens here
	registerN(t, r, 8) // during the outage
	restart()
	began := time.Now()

	var welcomes map[string]map[string]int
	require.Eventually(t, func() bool {
		welcomes = welcomeMails(t, filepath.Join(p.data, "mail"))
		return len(welcomes) >= len(r.accepted)
	}, 120*time.Second, 250*time.Millisecond, "a welcome email for every account:\n%s", p.logs)
	t.Logf("every welcome email written %.1f s after NATS was back", time.Since(began).Seconds())
	copies := 0
	for email := range r.accepted {
		assert.Len(t, welcomes[email], 1, "one welcome email to %s", email)
		for _, n := range welcomes[email] {
			copies += n
		}
	}
	assert.Equal(t, len(r.accepted), copies, "no email written twice")
	assert.Len(t, welcomes, len(r.accepted))
}
