package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettingsFromFlagsAndEnvironment(t *testing.T) {
	t.Setenv("MEMBERD_ADDR", "127.0.0.1:9999")
	t.Setenv("MEMBERD_SMTP_HOST", "mail.example.org")
	s, err := parseSettings([]string{"-data", "/tmp/x", "-log-format", "json"})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9999", s.addr, "environment")
	assert.Equal(t, "/tmp/x", s.cfg.DataDir, "flag")
	assert.Equal(t, "mail.example.org", s.cfg.Mail.SMTP.Host)
	assert.Equal(t, "starttls", s.cfg.Mail.SMTP.TLS)
	assert.Equal(t, "http://127.0.0.1:9999", s.cfg.BaseURL)

	_, err = parseSettings([]string{"-log-format", "xml"})
	assert.Error(t, err)
	_, err = parseSettings([]string{"-log-level", "loud"})
	assert.Error(t, err)
}

// TestBinaryServesAndShutsDownGracefully builds the real binary, runs it on the
// embedded default and checks health, readiness, logs with request ids and a clean
// exit on SIGTERM.
func TestBinaryServesAndShutsDownGracefully(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "memberd")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	var logs bytes.Buffer
	cmd := exec.Command(bin, "-addr", addr, "-data", filepath.Join(dir, "data"), "-log-format", "json")
	cmd.Stderr = &logs
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill() }()

	base := "http://" + addr
	var resp *http.Response
	require.Eventually(t, func() bool {
		resp, err = http.Get(base + "/readyz")
		return err == nil && resp.StatusCode == http.StatusOK
	}, 30*time.Second, 50*time.Millisecond, "readyz never answered: %s", &logs)
	_ = resp.Body.Close()

	resp, err = http.Get(base + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, "ok\n", string(body))

	resp, err = http.Get(base + "/login")
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "拖动滑块验证")
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
	assert.FileExists(t, filepath.Join(dir, "data", "membership.db"), "the embedded default is an SQLite file in the data folder")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit status after SIGTERM; logs:\n%s", &logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("memberd did not stop after SIGTERM; logs:\n%s", &logs)
	}
	out := logs.String()
	assert.Contains(t, out, `"msg":"memberd listening"`)
	assert.Contains(t, out, `"request_id":"`+resp.Header.Get("X-Request-Id")+`"`)
	assert.Contains(t, out, `"msg":"stopped"`)
	assert.False(t, strings.Contains(out, `"level":"ERROR"`), out)
}
