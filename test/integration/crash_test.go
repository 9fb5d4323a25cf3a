//go:build integration

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/membershiptest"
)

// The registration load runs until crashAccepted registrations were answered
// (at least crashMinLoad, at most crashLoad) before memberd is stopped;
// crashClients send it.
const (
	crashMinLoad  = 2 * time.Second
	crashLoad     = 10 * time.Second
	crashAccepted = 30
	crashClients  = 64
)

// memberdProcess is memberd run as a process of the test on one data folder.
type memberdProcess struct {
	bin, data, addr string
	args            []string
	cmd             *exec.Cmd
	logs            *syncBuffer
}

func (p *memberdProcess) start(t *testing.T) {
	t.Helper()
	p.logs = &syncBuffer{}
	p.cmd = exec.Command(p.bin, append([]string{"-addr", p.addr, "-data", p.data, "-captcha-test-mode",
		"-trust-proxy", "-log-format", "json", "-log-level", "warn"}, p.args...)...) // #nosec G204 -- the test's binary
	p.cmd.Env = withoutMemberdEnv(os.Environ())
	p.cmd.Stderr = p.logs
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _, _ = p.cmd.Process.Wait() })
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + p.addr + "/readyz")
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 50*time.Millisecond, "memberd not ready:\n%s", p.logs)
}

// registrar registers accounts through the API as many clients would, each
// registration from an address of its own (memberd trusts the loopback proxy's
// X-Forwarded-For), and remembers which were answered 2xx.
type registrar struct {
	base     string
	client   *http.Client
	next     atomic.Int64
	mu       sync.Mutex
	accepted map[string]bool // emails answered 202
	failed   atomic.Int64    // registrations that got no answer (or a 5xx)
}

// count is how many registrations were answered 2xx so far.
func (r *registrar) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.accepted)
}

func (r *registrar) post(path, addr string, body, out any) (int, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest(http.MethodPost, r.base+path, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

// registerOne solves a slider and registers the nth account; it reports
// whether memberd was still answering.
func (r *registrar) registerOne() bool {
	n := r.next.Add(1)
	addr := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
	var ch struct {
		ID      string `json:"id"`
		TargetX *int   `json:"target_x"`
	}
	if code, err := r.post("/captcha", addr, map[string]any{"purpose": "register"}, &ch); err != nil || code != http.StatusCreated || ch.TargetX == nil {
		return false
	}
	time.Sleep(captchaDrag) // the drag a person takes, checked on memberd's clock
	var pass struct {
		Token string `json:"token"`
	}
	if code, err := r.post("/captcha/verify", addr, map[string]any{"id": ch.ID, "x": *ch.TargetX,
		"duration_ms": captchaDrag.Milliseconds()}, &pass); err != nil || code != http.StatusOK {
		return false
	}
	email := fmt.Sprintf("crash%d@load.example", n)
	code, err := r.post("/members", addr, map[string]any{"kind": "enterprise", "email": email,
		"name": "崩溃测试" + chineseDigits(n), "password": "secret123", "password_confirm": "secret123",
		"captcha_token": pass.Token}, nil)
	switch {
	case err == nil && code == http.StatusAccepted:
		r.mu.Lock()
		r.accepted[email] = true
		r.mu.Unlock()
		return true
	case err != nil || code >= 500:
		r.failed.Add(1) // may or may not have been committed
		return false
	}
	return true
}

func chineseDigits(n int64) string {
	digits := []rune("零一二三四五六七八九")
	var b strings.Builder
	for _, d := range strconv.FormatInt(n, 10) {
		b.WriteRune(digits[d-'0'])
	}
	return b.String()
}

// stopUnderLoad runs the registration load against memberd, sends it sig after
// crashLoad, starts memberd again on the same data and checks that nothing was
// lost: every registration answered 2xx is an account (after SIGTERM: exactly
// those), no account is half-written, and every account's welcome email —
// an outbox event of its transaction — is one message (one Message-ID): a
// copy sent again because the kill came between sending and marking it sent
// (SMTP cannot be exactly once) carries the same Message-ID.
func stopUnderLoad(t *testing.T, sig syscall.Signal, dsn string, args ...string) {
	p := &memberdProcess{bin: memberdBinary(t), data: t.TempDir(), addr: fmt.Sprintf("127.0.0.1:%d", freePort()),
		args: args}
	p.start(t)
	r := &registrar{base: "http://" + p.addr + "/api/v1", accepted: map[string]bool{},
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashClients}}}
	var wg sync.WaitGroup
	began := time.Now()
	for range crashClients {
		wg.Go(func() {
			for time.Since(began) < crashLoad+time.Minute {
				if !r.registerOne() {
					return // memberd stopped answering
				}
			}
		})
	}
	for time.Since(began) < crashLoad && (time.Since(began) < crashMinLoad || r.count() < crashAccepted) {
		time.Sleep(50 * time.Millisecond) // the load runs, bounded, then the signal
	}
	loaded := time.Since(began)
	require.NoError(t, p.cmd.Process.Signal(sig))
	stopErr := p.cmd.Wait()
	wg.Wait()
	t.Logf("%s after %.1f s of load: %d registrations answered 2xx, %d without an answer; exit: %v",
		sig, loaded.Seconds(), len(r.accepted), r.failed.Load(), stopErr)
	if sig == syscall.SIGTERM {
		assert.NoError(t, stopErr, "a graceful stop exits 0:\n%s", p.logs)
		assert.NotContains(t, p.logs.String(), `"level":"ERROR"`)
	}
	require.NotEmpty(t, r.accepted, "the load registered nobody:\n%s", p.logs)

	db, err := bunstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	if sig == syscall.SIGKILL {
		// The killed process's claims on queued mail (a one-minute lease) end
		// now rather than in a minute.
		_, err = db.SQL().ExecContext(context.Background(),
			`UPDATE mail_queue SET locked_by = '', locked_until = NULL WHERE status = 'pending'`)
		require.NoError(t, err)
	}
	p.start(t) // the same data, after the stop
	emails := map[string]bool{}
	rows, err := db.SQL().QueryContext(context.Background(),
		`SELECT email, name, password_hash, status FROM members WHERE email LIKE 'crash%'`)
	require.NoError(t, err)
	for rows.Next() {
		var email, name, hash, status string
		require.NoError(t, rows.Scan(&email, &name, &hash, &status))
		emails[email] = true
		assert.True(t, strings.HasPrefix(hash, "$argon2id$") && name != "" && status != "", "whole account %s", email)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	for email := range r.accepted {
		assert.True(t, emails[email], "%s was answered 2xx and is an account", email)
	}
	if sig == syscall.SIGTERM {
		assert.Len(t, emails, len(r.accepted), "after a graceful stop, the accounts are the 2xx answers")
	} else {
		assert.LessOrEqual(t, len(emails), len(r.accepted)+int(r.failed.Load()),
			"the only extra accounts are registrations cut off by the kill")
	}
	var welcomes map[string]map[string]int // recipient → Message-ID → copies
	require.Eventually(t, func() bool {
		welcomes = welcomeMails(t, filepath.Join(p.data, "mail"))
		return len(welcomes) >= len(emails)
	}, 120*time.Second, 250*time.Millisecond, "a welcome email for every account")
	resent := 0
	for email := range emails {
		assert.Len(t, welcomes[email], 1, "one welcome email (one Message-ID) to %s", email)
		for _, copies := range welcomes[email] {
			resent += copies - 1
		}
	}
	if resent > 0 { // sent, then killed before it was marked sent: the queue sends at least once
		t.Logf("%d welcome emails were sent again after the restart, with their Message-ID", resent)
	}
	t.Logf("%d accounts (%d answered 2xx), each with one welcome email, %.1f s after the stop", len(emails),
		len(r.accepted), (time.Since(began) - loaded).Seconds())
}

// welcomeMails reads the .eml folder: the welcome emails by recipient and
// Message-ID, with how many copies of each were written.
func welcomeMails(t *testing.T, dir string) map[string]map[string]int {
	t.Helper()
	got := map[string]map[string]int{}
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	require.NoError(t, err)
	for _, f := range files {
		m, err := membershiptest.ReadEML(f)
		if err != nil || !strings.Contains(m.Subject, "会员账号注册成功") || len(m.To) != 1 {
			continue
		}
		raw, err := os.Open(f) // #nosec G304 -- the test's mail folder
		require.NoError(t, err)
		msg, err := netmail.ReadMessage(raw)
		require.NoError(t, err)
		id := msg.Header.Get("Message-Id")
		_ = raw.Close()
		if got[m.To[0]] == nil {
			got[m.To[0]] = map[string]int{}
		}
		got[m.To[0]][id]++
	}
	return got
}

// TestKillUnderLoadSQLite: kill -9 of memberd (embedded SQLite) in the middle
// of a 64-client registration load, then a restart.
func TestKillUnderLoadSQLite(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "membership.db")
	stopUnderLoad(t, syscall.SIGKILL, dsn, "-db", dsn)
}

// TestKillUnderLoadPostgres: the same on PostgreSQL (its outbox and forwarder,
// the in-process bus).
func TestKillUnderLoadPostgres(t *testing.T) {
	dsn := createDatabase(t, "crash_"+randomHex(4))
	stopUnderLoad(t, syscall.SIGKILL, dsn, "-db", dsn)
}

// TestGracefulStopUnderLoad: SIGTERM during the load lets the requests under
// way finish; the accounts are exactly the 2xx answers.
func TestGracefulStopUnderLoad(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "membership.db")
	stopUnderLoad(t, syscall.SIGTERM, dsn, "-db", dsn)
}
