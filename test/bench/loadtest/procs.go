package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/uptrace/bunrouter"
)

// child is a server process this run started; stop ends it.
type child struct {
	name    string
	url     string
	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited
	stdin   io.Closer     // the baseline exits when its stdin closes
	logPath string        // the output log, if any
}

// buildMemberd builds apps/memberd of this module into dir.
func buildMemberd(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "memberd")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./apps/memberd")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./apps/memberd: %w\n%s", err, out)
	}
	fmt.Printf("loadtest: built memberd in %s\n", time.Since(start).Round(time.Millisecond))
	return bin, nil
}

// moduleRoot is the folder of this module's go.mod, from `go env GOMOD`.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the load test from inside the module (go run ./test/bench/loadtest)")
	}
	if b, err := os.ReadFile(gomod); err != nil || !strings.Contains(string(b), "module github.com/openassoc/membership\n") {
		return "", fmt.Errorf("%s is not the membership module's go.mod", gomod)
	}
	return filepath.Dir(gomod), nil
}

// freeAddr returns a 127.0.0.1 address that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// startMemberd starts the binary on a free port with a fresh data folder
// (work/name) and waits until /readyz answers 200. A non-empty db is its -db
// (a postgres:// URL several instances share); empty: SQLite in the folder.
func startMemberd(ctx context.Context, bin, work, name, db string, extra ...string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	data := filepath.Join(work, name)
	logPath := filepath.Join(work, name+"-memberd.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }() // the child keeps its own descriptor
	// Not CommandContext: stop() ends it gracefully on every path.
	args := []string{"-addr", addr, "-data", data, "-captcha-test-mode", "-log-level", "warn"}
	if db != "" {
		args = append(args, "-db", db)
	}
	args = append(args, extra...)
	cmd := exec.Command(bin, args...) // #nosec G204 -- the binary this program built
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "MEMBERD_SMTP_HOST=") // mail stays in DATA/mail
	setParentDeath(cmd)
	c := &child{name: "memberd", url: "http://" + addr, cmd: cmd, logPath: logPath}
	if err := c.start(); err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx, c.url+"/readyz", 90*time.Second); err != nil {
		c.stop()
		return nil, fmt.Errorf("memberd: %w\n%s", err, c.logTail())
	}
	return c, nil
}

// startBaseline re-executes this program with -serve-baseline and reads the
// address it listens on.
func startBaseline(ctx context.Context, work string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(work, "baseline.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }()
	cmd := exec.Command(self, "-serve-baseline")
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	setParentDeath(cmd)
	c := &child{name: "baseline", cmd: cmd, stdin: stdin, logPath: logPath}
	if err := c.start(); err != nil {
		return nil, err
	}
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l, ok := <-line:
		addr, found := strings.CutPrefix(l, "listening ")
		if !ok || !found {
			c.stop()
			return nil, fmt.Errorf("baseline: no address (%q)\n%s", l, c.logTail())
		}
		c.url = "http://" + addr
	case <-time.After(30 * time.Second):
		c.stop()
		return nil, fmt.Errorf("baseline: no address within 30 s")
	case <-ctx.Done():
		c.stop()
		return nil, ctx.Err()
	}
	if err := c.waitReady(ctx, c.url+"/", 30*time.Second); err != nil {
		c.stop()
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return c, nil
}

func (c *child) start() error {
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	c.done = make(chan struct{})
	go func() {
		_ = c.cmd.Wait()
		close(c.done)
	}()
	return nil
}

// waitReady polls url until it answers 200, the process exits, or the time is up.
func (c *child) waitReady(ctx context.Context, url string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if res, err := client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-c.done:
			return fmt.Errorf("%w before %s answered (%v)", errStopped, url, c.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w", url, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop asks the process to end (SIGTERM, or closing the baseline's stdin) and
// kills it when it has not within 15 s. It is safe to call more than once.
func (c *child) stop() {
	if c == nil || c.cmd.Process == nil {
		return
	}
	select {
	case <-c.done:
		return
	default:
	}
	if c.stdin != nil {
		_ = c.stdin.Close()
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		_ = c.cmd.Process.Kill()
	}
	select {
	case <-c.done:
	case <-time.After(15 * time.Second):
		fmt.Fprintf(os.Stderr, "loadtest: %s did not stop within 15 s: killing it\n", c.name)
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

// logTail returns the end of the process's output, for error messages.
func (c *child) logTail() string {
	if c == nil || c.logPath == "" {
		return ""
	}
	b, err := os.ReadFile(c.logPath)
	if err != nil {
		return ""
	}
	const tail = 2000
	if len(b) > tail {
		b = b[len(b)-tail:]
	}
	return strings.TrimSpace(string(b))
}

// logLines returns the process's log lines, without the captcha test-mode notice
// that memberd prints on purpose.
func (c *child) logLines() []string {
	b, err := os.ReadFile(c.logPath)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		// Log records only (memberd also prints a "next steps" banner for people).
		if strings.HasPrefix(l, "time=") && !strings.Contains(l, "captcha test mode is ON") {
			out = append(out, l)
		}
	}
	return out
}

// serveBaseline is the child process: a bunrouter router with one handler that
// writes "ok", on an http.Server with memberd's timeouts. It prints
// "listening ADDR" and serves until its stdin closes (the parent ended) or it
// gets a signal.
func serveBaseline() error {
	r := bunrouter.New()
	r.GET("/", func(w http.ResponseWriter, _ bunrouter.Request) error {
		_, err := w.Write([]byte("ok"))
		return err
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           r,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Printf("listening %s\n", ln.Addr())

	parentGone := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(parentGone)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-parentGone:
	case <-sig:
	case err := <-served:
		return err
	}
	return srv.Close()
}
