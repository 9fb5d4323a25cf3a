//go:build integration

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/natsbus"
)

// envMemberdBin names a prebuilt memberd binary to test instead of building one.
const envMemberdBin = "MEMBERSHIP_MEMBERD_BIN"

// TestMemberdOnPostgresNATSAndSMTP runs the memberd binary on PostgreSQL, NATS
// JetStream and SMTP (mailpit), drives a registration through the JSON API and
// checks that the welcome email arrived through the NATS-carried event.
func TestMemberdOnPostgresNATSAndSMTP(t *testing.T) {
	bin := memberdBinary(t)
	requireFlag(t, bin, "-nats-url")
	dbURL := createDatabase(t, "memberd_"+randomHex(4))
	smtpHost, smtpPort := mailpit{t}.smtpAddr()
	natsAddr := natsURL(t)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort()))

	d := startMemberd(t, bin, "-addr", addr, "-data", t.TempDir(), "-db", dbURL, "-nats-url", natsAddr,
		"-smtp-host", smtpHost, "-smtp-port", strconv.Itoa(smtpPort), "-smtp-tls", "none",
		"-mail-from", "noreply@example.org", "-captcha-test-mode", "-log-format", "json")
	api := apiClient{t: t, base: "http://" + addr + "/api/v1"}

	email := "office." + randomHex(4) + "@xinghe.example"
	name := "星河科技有限公司"
	api.call(http.MethodPost, "/members", "", map[string]any{"kind": "enterprise", "email": email, "name": name,
		"password": "secret123", "password_confirm": "secret123", "captcha_token": api.passCaptcha("register")},
		http.StatusAccepted, nil)

	var session struct {
		Token string `json:"token"`
	}
	api.call(http.MethodPost, "/sessions", "", map[string]any{"login": name, "password": "secret123",
		"remember": false, "captcha_token": api.passCaptcha("login")}, http.StatusCreated, &session)
	require.NotEmpty(t, session.Token)

	var me struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Name   string `json:"name"`
		Email  string `json:"email"`
		Status string `json:"status"`
		// EmailVerified is false until the mailed link is confirmed.
		EmailVerified bool `json:"email_verified"`
	}
	api.call(http.MethodGet, "/me", session.Token, nil, http.StatusOK, &me)
	assert.Len(t, me.ID, 32)
	assert.False(t, me.EmailVerified)
	assert.Equal(t, "enterprise", me.Kind)
	assert.Equal(t, name, me.Name)
	assert.Equal(t, email, me.Email)
	assert.Equal(t, "registered", me.Status)

	msg := mailpit{t}.waitFor(email, "会员账号注册成功", 60*time.Second)
	assert.Equal(t, welcomeSubject, msg.Subject)
	assert.NotContains(t, msg.Text, name, "no free text to an unverified address")
	assert.Contains(t, msg.Text, "http://"+addr+"/login", "links use the public URL")
	link := regexp.MustCompile(`http://` + regexp.QuoteMeta(addr) + `/email/verify\?token=(\S+)`).FindStringSubmatch(msg.Text)
	require.NotNil(t, link, "the verification link uses the public URL:\n%s", msg.Text)
	token, err := url.QueryUnescape(link[1])
	require.NoError(t, err)
	api.call(http.MethodPost, "/email-verifications/confirm", "", map[string]any{"token": token},
		http.StatusNoContent, nil)
	api.call(http.MethodGet, "/me", session.Token, nil, http.StatusOK, &me)
	assert.True(t, me.EmailVerified, "verified through the link of the mail")

	// The event travelled through JetStream: the welcome handler's durable
	// consumer on memberd's stream acknowledged it.
	nc, err := nats.Connect(natsAddr)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	consumers := listConsumers(ctx, t, js, natsbus.DefaultStream)
	var acked uint64
	for _, c := range consumers {
		if c.Config.FilterSubject == natsbus.DefaultSubjectPrefix+".member.registered" {
			acked += c.AckFloor.Consumer
		}
	}
	assert.NotZero(t, acked, "a member.registered consumer acknowledged the event; consumers: %v", consumerNames(consumers))

	d.stop(t)
	assert.Contains(t, d.logs(), `"msg":"stopped"`, "graceful shutdown")
}

// memberd is a running memberd process.
type memberd struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
	once sync.Once
}

// startMemberd starts the binary and waits until /readyz answers.
func startMemberd(t *testing.T, bin string, args ...string) *memberd {
	t.Helper()
	d := &memberd{cmd: exec.Command(bin, args...), out: &syncBuffer{}, done: make(chan error, 1)}
	d.cmd.Env = withoutMemberdEnv(os.Environ())
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	require.NoError(t, d.cmd.Start())
	go func() { d.done <- d.cmd.Wait() }()
	t.Cleanup(func() {
		d.stop(t)
		if t.Failed() {
			t.Logf("memberd output:\n%s", d.logs())
		}
	})
	var addr string
	for i, a := range args {
		if a == "-addr" && i+1 < len(args) {
			addr = args[i+1]
		}
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case err := <-d.done:
			d.done <- err
			t.Fatalf("memberd exited at start (%v):\n%s", err, d.logs())
		default:
		}
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("memberd not ready within 90 s (last: %v):\n%s", err, d.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM and expects a clean exit within 30 s (killing it otherwise).
func (d *memberd) stop(t *testing.T) {
	d.once.Do(func() {
		_ = d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-d.done:
			assert.NoError(t, err, "memberd exit status after SIGTERM")
		case <-time.After(30 * time.Second):
			_ = d.cmd.Process.Kill()
			<-d.done
			t.Error("memberd did not stop within 30 s of SIGTERM")
		}
	})
}

func (d *memberd) logs() string { return d.out.String() }

// syncBuffer is a bytes.Buffer safe for the process's writers and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func withoutMemberdEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "MEMBERD_") {
			out = append(out, kv)
		}
	}
	return out
}

// memberdBinary returns $MEMBERSHIP_MEMBERD_BIN, or builds apps/memberd.
func memberdBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv(envMemberdBin); bin != "" {
		return bin
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err, "go env GOMOD")
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(t.TempDir(), "memberd")
	build := exec.Command("go", "build", "-o", bin, "./apps/memberd")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./apps/memberd: %v\n%s", err, b)
	}
	return bin
}

// requireFlag fails the test when the binary does not know a flag.
func requireFlag(t *testing.T, bin, flag string) {
	t.Helper()
	out, _ := exec.Command(bin, "-h").CombinedOutput() // -h prints the flags and exits non-zero
	if !strings.Contains(string(out), flag+" ") && !strings.Contains(string(out), flag+"\n") {
		t.Fatalf("memberd has no %s flag: it cannot run on NATS yet (wire Config.NATSURL to adapters/natsbus "+
			"and add the flag; see test/integration's report). Its flags:\n%s", flag, out)
	}
}

// createDatabase creates an empty database on the PostgreSQL container, dropped
// when the test ends, and returns its URL.
func createDatabase(t testing.TB, name string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := bunstore.Open(ctx, postgresDSN(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	_, err = admin.SQL().ExecContext(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.SQL().ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return postgresURL(endpoint(t, postgresSvc.container(t), "5432/tcp"), name)
}

// apiClient calls memberd's JSON API.
type apiClient struct {
	t    *testing.T
	base string
}

// call sends a JSON request, checks the status and decodes the reply into out.
func (c apiClient) call(method, path, token string, body any, want int, out any) []byte {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	require.Equal(c.t, want, resp.StatusCode, "%s %s: %s", method, path, raw)
	if out != nil {
		require.NoError(c.t, json.Unmarshal(raw, out), string(raw))
	}
	return raw
}

// captchaDrag is the drag a solved slider claims, and waits for: the shortest
// the server accepts (captcha.MinDrag).
const captchaDrag = 300 * time.Millisecond

// passCaptcha solves a slider challenge for a form (purpose: register, login;
// test mode reveals its answer) and returns the pass token.
func (c apiClient) passCaptcha(purpose string) string {
	c.t.Helper()
	var ch struct {
		ID      string `json:"id"`
		TargetX *int   `json:"target_x"`
	}
	c.call(http.MethodPost, "/captcha", "", map[string]any{"purpose": purpose}, http.StatusCreated, &ch)
	require.NotNil(c.t, ch.TargetX, "memberd must run with -captcha-test-mode")
	var pass struct {
		Token string `json:"token"`
	}
	// memberd checks that the claimed drag took place on its clock too.
	time.Sleep(captchaDrag)
	c.call(http.MethodPost, "/captcha/verify", "", map[string]any{"id": ch.ID, "x": *ch.TargetX,
		"duration_ms": captchaDrag.Milliseconds()}, http.StatusOK, &pass)
	return pass.Token
}

func listConsumers(ctx context.Context, t *testing.T, js jetstream.JetStream, stream string) []*jetstream.ConsumerInfo {
	t.Helper()
	s, err := js.Stream(ctx, stream)
	require.NoError(t, err, "memberd's stream %s", stream)
	var out []*jetstream.ConsumerInfo
	lister := s.ListConsumers(ctx)
	for info := range lister.Info() {
		out = append(out, info)
	}
	require.NoError(t, lister.Err())
	return out
}

func consumerNames(cs []*jetstream.ConsumerInfo) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = fmt.Sprintf("%s(%s)", c.Name, c.Config.FilterSubject)
	}
	return names
}
