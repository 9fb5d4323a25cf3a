//go:build integration

package integration

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostgresRestart stops the PostgreSQL server under a running memberd:
// during the outage /readyz says "database: unavailable" and a registration
// fails cleanly (an error answer within seconds, no hang, nothing stored); once
// the server is back, memberd serves again without a restart of its own. It
// stops the shared container: not parallel.
func TestPostgresRestart(t *testing.T) {
	ctr := postgresSvc.container(t)
	dsn := createDatabase(t, "restart_"+randomHex(4))
	p := &memberdProcess{bin: memberdBinary(t), data: t.TempDir(), addr: fmt.Sprintf("127.0.0.1:%d", freePort()),
		args: []string{"-db", dsn}}
	p.start(t)
	api := apiClient{t: t, base: "http://" + p.addr + "/api/v1"}
	register := func(email string) (int, error) {
		r := &registrar{base: api.base, client: &http.Client{Timeout: 30 * time.Second}, accepted: map[string]bool{}}
		var ch struct {
			ID      string `json:"id"`
			TargetX *int   `json:"target_x"`
		}
		if code, err := r.post("/captcha", "10.9.9.9", map[string]any{"purpose": "register"}, &ch); err != nil ||
			code != http.StatusCreated {
			return code, err
		}
		time.Sleep(captchaDrag)
		var pass struct {
			Token string `json:"token"`
		}
		if code, err := r.post("/captcha/verify", "10.9.9.9", map[string]any{"id": ch.ID, "x": *ch.TargetX,
			"duration_ms": captchaDrag.Milliseconds()}, &pass); err != nil || code != http.StatusOK {
			return code, err
		}
		return r.post("/members", "10.9.9.9", map[string]any{"kind": "enterprise", "email": email,
			"name": "重启测试" + chineseDigits(int64(len(email))), "password": "secret123",
			"password_confirm": "secret123", "captcha_token": pass.Token}, nil)
	}
	code, err := register("before@restart.example")
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, code)

	ctx := context.Background()
	stopTimeout := 10 * time.Second
	require.NoError(t, ctr.Stop(ctx, &stopTimeout), "stop postgres")
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			require.NoError(t, ctr.Start(ctx), "start postgres again")
		}
	}
	t.Cleanup(restart) // the other tests need PostgreSQL, whatever happens here

	resp, err := http.Get("http://" + p.addr + "/readyz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, string(body), "database: unavailable")
	began := time.Now()
	req, err := http.NewRequest(http.MethodPost, api.base+"/captcha", strings.NewReader(`{"purpose":"register"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err = (&http.Client{Timeout: 60 * time.Second}).Do(req)
	require.NoError(t, err, "an answer, not a dropped connection")
	body, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	t.Logf("during the outage: %d %s after %.1f s", resp.StatusCode, strings.TrimSpace(string(body)),
		time.Since(began).Seconds())
	assert.GreaterOrEqual(t, resp.StatusCode, 500, "the outage is a server error")
	assert.NotContains(t, string(body), "postgres", "no internals in the answer")
	assert.Contains(t, string(body), "request_id")

	restart()
	began = time.Now()
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + p.addr + "/readyz")
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 90*time.Second, 200*time.Millisecond, "memberd ready again:\n%s", p.logs)
	t.Logf("ready again %.1f s after PostgreSQL was started", time.Since(began).Seconds())
	code, err = register("after@restart.example")
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, code, "memberd works again without a restart of its own")
}
