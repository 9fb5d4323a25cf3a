//go:build integration

package integration

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
)

// envImageMemberd names the memberd image test/containers/engine.sh builds
// from the work tree (no default: it is never pulled).
const envImageMemberd = "MEMBERSHIP_IMAGE_MEMBERD"

// instance is a memberd container on the host's network, listening on
// 127.0.0.1:port (so that it reaches the other containers' published ports).
type instance struct {
	name        string
	port        int
	metricsPort int // -metrics-addr
	ctr         *testcontainers.DockerContainer
}

func (i *instance) url() string { return "http://127.0.0.1:" + strconv.Itoa(i.port) }

// startInstance starts a memberd container with the flags and waits until its
// /readyz answers.
func startInstance(t *testing.T, img, name string, args ...string) *instance {
	t.Helper()
	in := &instance{name: name, port: freePort(), metricsPort: freePort()}
	ctx := context.Background()
	ctr, err := testcontainers.Run(ctx, img,
		testcontainers.WithCmd(append([]string{"-addr", "127.0.0.1:" + strconv.Itoa(in.port),
			"-metrics-addr", "127.0.0.1:" + strconv.Itoa(in.metricsPort)}, args...)...),
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.NetworkMode = "host" }),
		testcontainers.WithName(name+"-"+randomHex(3)),
	)
	require.NoError(t, err, "start %s", name)
	in.ctr = ctr
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last lines of %s's log:\n%s", name, containerLogs(ctr, 40))
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = ctr.Terminate(ctx)
	})
	in.waitReady(t)
	return in
}

// waitReady polls /readyz for up to 90 s.
func (i *instance) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(i.url() + "/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready within 90 s (%v):\n%s", i.name, err, containerLogs(i.ctr, 40))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// metric scrapes the instance's /metrics and returns the sum of the samples
// whose name (labels included) starts with prefix, e.g.
// `membership_renewal_sweep_runs_total{`; ok is false when none matched.
func (i *instance) metric(t *testing.T, prefix string) (sum float64, ok bool) {
	t.Helper()
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(i.metricsPort) + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for line := range strings.Lines(string(raw)) {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		require.NoError(t, err, line)
		sum, ok = sum+v, true
	}
	return sum, ok
}

// kill stops the container at once (SIGKILL: no graceful shutdown).
func (i *instance) kill(t *testing.T) {
	t.Helper()
	zero := time.Duration(0)
	require.NoError(t, i.ctr.Stop(context.Background(), &zero), "kill %s", i.name)
}

// roundRobin is the small load balancer of the suite: each request goes to
// the next instance; one that does not answer is skipped (its request goes to
// the next), as a proxy with health checks would do.
type roundRobin struct {
	backends []string
	next     atomic.Uint64
	mu       sync.Mutex
	served   map[string]int
}

func newRoundRobin(backends ...string) *roundRobin {
	return &roundRobin{backends: backends, served: map[string]int{}}
}

func (p *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	start := p.next.Add(1)
	for k := range len(p.backends) {
		backend := p.backends[(int(start)+k)%len(p.backends)]
		out, err := http.NewRequestWithContext(r.Context(), r.Method, backend+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		out.Header = r.Header.Clone()
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			continue // that instance is down: the next one
		}
		p.mu.Lock()
		p.served[backend]++
		p.mu.Unlock()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		_ = resp.Body.Close()
		return
	}
	http.Error(w, "no instance answers", http.StatusBadGateway)
}

// servedBy returns how many requests each backend served.
func (p *roundRobin) servedBy(backend string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.served[backend]
}

// upload posts one file as multipart field, with a bearer token, and returns
// the status and body.
func (c apiClient) upload(path, token, field, filename string, content []byte) (int, string) {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile(field, filename)
	require.NoError(c.t, err)
	_, _ = fw.Write(content)
	require.NoError(c.t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, c.base+path, &b)
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// download GETs a file with a bearer token.
func (c apiClient) download(path, token string) []byte {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	require.Equal(c.t, http.StatusOK, resp.StatusCode, "GET %s: %s", path, raw)
	return raw
}

// login starts a session (member: /sessions; staff: /staff/sessions).
func (c apiClient) login(staff bool, name, password string) string {
	c.t.Helper()
	var s struct {
		Token string `json:"token"`
	}
	if staff {
		c.call(http.MethodPost, "/staff/sessions", "", map[string]any{"username": name, "password": password,
			"captcha_token": c.passCaptcha("staff_login")}, http.StatusCreated, &s)
	} else {
		c.call(http.MethodPost, "/sessions", "", map[string]any{"login": name, "password": password,
			"remember": false, "captcha_token": c.passCaptcha("login")}, http.StatusCreated, &s)
	}
	require.NotEmpty(c.t, s.Token)
	return s.Token
}

// createStaff runs memberctl (bin) create-staff on the database.
func createStaff(t *testing.T, bin, dsn, username, role, password string) {
	t.Helper()
	cmd := exec.Command(bin, "-db", dsn, "-data", t.TempDir(), "create-staff", "-username", username, "-role", role,
		"-name", username, "-password", password)
	cmd.Env = withoutMemberdEnv(os.Environ())
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "memberctl create-staff: %s", out)
}

// memberctlBinary builds apps/memberctl into the test's temporary folder.
func memberctlBinary(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err, "go env GOMOD")
	bin := filepath.Join(t.TempDir(), "memberctl")
	build := exec.Command("go", "build", "-o", bin, "./apps/memberctl")
	build.Dir = filepath.Dir(strings.TrimSpace(string(out)))
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./apps/memberctl: %v\n%s", err, b)
	}
	return bin
}
