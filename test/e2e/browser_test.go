package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/membershiptest"
)

const (
	// chromiumPath is Debian's chromium (scripts/deps.sh browser installs it).
	chromiumPath = "/usr/bin/chromium"
	// browserLife bounds the whole browser session: the test must end well
	// within two minutes even on a loaded machine.
	browserLife = 100 * time.Second
	// stepTimeout bounds one step (a navigation, a query, a key sequence).
	stepTimeout = 20 * time.Second
	// artifactsDir receives the screenshots (git-ignored).
	artifactsDir = "artifacts"
)

// requireBrowser skips the test under -short or without chromium; with CI set, a
// missing chromium is a failure.
func requireBrowser(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser e2e test: skipped under -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		msg := fmt.Sprintf("browser e2e test needs %s (%v); install it with `scripts/deps.sh browser` or run `make e2e`",
			chromiumPath, err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set: a missing browser is a failure)")
		}
		t.Skip(msg)
	}
}

// site is the module served over real HTTP on 127.0.0.1.
type site struct {
	env *membershiptest.Env
	url string // http://127.0.0.1:PORT, also the module's BaseURL
}

// startSite builds a real module (temp SQLite, bus, .eml mailbox, slider test mode)
// whose BaseURL is the server's own address, as the cross-origin check requires;
// opts adjust it (e.g. membershiptest.WithAlipaySandbox).
func startSite(t *testing.T, opts ...membershiptest.Option) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	base := "http://" + ln.Addr().String()
	opts = append([]membershiptest.Option{membershiptest.WithConfig(func(c *membership.Config) { c.BaseURL = base })},
		opts...)
	env := membershiptest.New(t, opts...)
	srv := httptest.NewUnstartedServer(env.Handler())
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{env: env, url: base}
}

// browser is one headless chromium tab, plus what the test learns from its
// events: the slider challenges the widget loaded and the page's uncaught errors.
type browser struct {
	ctx  context.Context // the tab's chromedp context
	base string
	out  *lockedBuffer // chromium's stdout and stderr

	mu         sync.Mutex
	challenges map[network.RequestID]cdp.LoaderID // /captcha/new responses seen
	loaded     map[cdp.LoaderID]network.RequestID // per document: the last challenge fully loaded
	loadedNext chan struct{}                      // closed when the next challenge has loaded
	exceptions []string
}

// clearArtifacts removes the screenshots of an earlier run, once per test binary.
var clearArtifacts sync.Once

// newBrowser starts chromium with a fresh profile; it is stopped (and the profile
// removed) when the test ends, before the server closes.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	// Clear screenshots of an earlier run (they would mislead whoever looks at
	// them); those of this run (several tests, several browsers) stay.
	clearArtifacts.Do(func() {
		_ = os.Remove(filepath.Join(artifactsDir, "axe.txt"))
		if old, _ := filepath.Glob(filepath.Join(artifactsDir, "*.png")); len(old) > 0 {
			for _, f := range old {
				_ = os.Remove(f)
			}
		}
	})
	// A loaded machine sometimes makes chromium miss its start-up deadline; a
	// fresh start then works, so try up to three times.
	var (
		ctx     context.Context
		out     *lockedBuffer
		lastErr error
	)
	for attempt := 1; attempt <= 3; attempt++ {
		var stop func()
		ctx, out, stop, lastErr = startChromium()
		if lastErr == nil {
			t.Cleanup(stop)
			break
		}
		stop()
		t.Logf("start chromium (attempt %d): %v\nchromium output:\n%s", attempt, lastErr, out.String())
	}
	if lastErr != nil {
		t.Fatalf("start chromium: %v", lastErr)
	}
	b := &browser{ctx: ctx, base: base, out: out,
		challenges: map[network.RequestID]cdp.LoaderID{}, loaded: map[cdp.LoaderID]network.RequestID{},
		loadedNext: make(chan struct{})}

	if err := chromedp.Listen(ctx, b.onEvent); err != nil {
		t.Fatalf("listen: %v", err)
	}
	return b
}

// startChromium starts a browser with a fresh profile and opens its tab; stop
// ends it and removes the profile. The whole browser lives at most browserLife.
func startChromium() (context.Context, *lockedBuffer, func(), error) {
	out := &lockedBuffer{}
	profile, err := os.MkdirTemp("", "e2e-chromium-profile-")
	if err != nil {
		return nil, out, func() {}, fmt.Errorf("profile dir: %w", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	)
	life, cancelLife := context.WithTimeout(context.Background(), browserLife)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(life, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelTab()
		cancelAlloc()
		cancelLife()
		_ = os.RemoveAll(profile)
	}
	// The first action binds the browser to this context: it starts the browser
	// and opens the tab.
	return ctx, out, stop, chromedp.Do(ctx)
}

// onEvent runs on chromedp's reader goroutine: it only records, fast.
func (b *browser) onEvent(ev any) {
	switch ev := ev.(type) {
	case *network.EventResponseReceived:
		if ev.Response != nil && ev.Response.Status == http.StatusOK && strings.HasSuffix(urlPath(ev.Response.URL), "/captcha/new") {
			b.mu.Lock()
			b.challenges[ev.RequestID] = ev.LoaderID
			b.mu.Unlock()
		}
	case *network.EventLoadingFinished:
		b.mu.Lock()
		if loader, ok := b.challenges[ev.RequestID]; ok {
			b.loaded[loader] = ev.RequestID
			close(b.loadedNext)
			b.loadedNext = make(chan struct{})
		}
		b.mu.Unlock()
	case *cdpruntime.EventExceptionThrown:
		msg := "uncaught exception"
		if d := ev.ExceptionDetails; d != nil {
			msg = d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += ": " + d.Exception.Description
			}
			msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber)
		}
		b.mu.Lock()
		b.exceptions = append(b.exceptions, msg)
		b.mu.Unlock()
	}
}

func urlPath(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.Path
}

// run runs one bounded step; a failure saves a screenshot and stops the test.
func run[T any](t *testing.T, b *browser, step string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fatal(t, step, err)
	}
	return v
}

// do runs actions that return nothing as one bounded step.
func (b *browser) do(t *testing.T, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	run(t, b, step, chromedp.Steps(actions...))
}

// fatal reports a failed step with the page's address and text, and keeps a
// screenshot of it in the artifacts.
func (b *browser) fatal(t *testing.T, step string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	name := "failed-" + strings.NewReplacer(" ", "-", "/", "-").Replace(step) + ".png"
	if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
		_ = os.MkdirAll(artifactsDir, 0o755)
		_ = os.WriteFile(filepath.Join(artifactsDir, name), png, 0o644)
	}
	if len(text) > 1500 {
		text = text[:1500] + "…"
	}
	t.Fatalf("step %q: %v\n  at %s (screenshot %s)\n  page text:\n%s", step, err, loc, name, text)
}

// open navigates to a path of the site and checks the document's status.
func (b *browser) open(t *testing.T, path string) {
	t.Helper()
	resp := run(t, b, "open "+path, chromedp.NavigateResponse(b.base+path))
	if resp == nil || resp.Status != http.StatusOK {
		b.fatal(t, "open "+path, fmt.Errorf("document status %v", statusOf(resp)))
	}
}

// clickAndLoad clicks (a submit button or a link) and waits for the next
// document; it checks its status is 200 and returns the final path.
func (b *browser) clickAndLoad(t *testing.T, step, css string) string {
	t.Helper()
	return b.clickAndLoadStatus(t, step, css, http.StatusOK)
}

// clickAndLoadStatus is clickAndLoad for a document of another status, such as
// the 422 of a re-shown form.
func (b *browser) clickAndLoadStatus(t *testing.T, step, css string, status int64) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.fatal(t, step, err)
	}
	if resp == nil || resp.Status != status {
		b.fatal(t, step, fmt.Errorf("document status %v, want %d", statusOf(resp), status))
	}
	return urlPath(resp.URL)
}

func statusOf(r *network.Response) any {
	if r == nil {
		return "none"
	}
	return r.Status
}

// fill types into the labelled inputs, in order, as a person would.
func (b *browser) fill(t *testing.T, fields ...[2]string) {
	t.Helper()
	for _, f := range fields {
		sel := chromedp.ID(f[0])
		b.do(t, "fill #"+f[0], chromedp.Clear(sel), chromedp.SendKeys(sel, f[1], chromedp.NodeVisible))
		if got := run(t, b, "read #"+f[0], chromedp.Value(sel)); got != f[1] {
			b.fatal(t, "fill #"+f[0], fmt.Errorf("value %q, want %q", got, f[1]))
		}
	}
}

// text returns the visible text of the first match of a CSS selector.
func (b *browser) text(t *testing.T, css string) string {
	t.Helper()
	return strings.TrimSpace(run(t, b, "text of "+css, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible)))
}

// path returns the path of the current document.
func (b *browser) path(t *testing.T) string {
	t.Helper()
	return urlPath(run(t, b, "location", chromedp.Location()))
}

// screenshot saves a full-page PNG in the artifacts. It scrolls to the top
// first: a full-page capture of a scrolled page draws the sticky side menu at
// the scroll offset, where no member ever sees it.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	run(t, b, "scroll to top "+name, chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`))
	png := run(t, b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, name), png, 0o644); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	t.Logf("screenshot %s", filepath.Join(artifactsDir, name))
	b.checkAccessibility(t, name)
}

// challenge is the part of the widget's POST /captcha/new answer the test reads.
type challenge struct {
	ID      string `json:"id"`
	Width   int    `json:"width"`
	Piece   int    `json:"piece_size"`
	TargetX *int   `json:"target_x"`
}

// solveSlider passes the page's slider check through the widget, with the
// keyboard as its hint documents: focus the handle, ArrowRight (Shift: ten
// pixels) up to the target, pause, Enter.
//
// The widget keeps its challenge to itself (nothing in the DOM carries the
// target), so the test reads the target from the widget's own POST /captcha/new
// response, which test mode extends with target_x, through the DevTools network
// events. The response is matched to the current document by its loader id.
func (b *browser) solveSlider(t *testing.T) {
	t.Helper()
	b.do(t, "slider ready",
		chromedp.WaitReady(chromedp.CSS(`.slider-captcha .sc-handle`)),
		chromedp.Evaluate[chromedp.Void](
			`window.SliderCaptcha.ready(document.querySelector('.slider-captcha')).then(() => true)`,
			chromedp.EvalAwaitPromise),
	)
	if state := b.jsAttr(t, ".slider-captcha", "data-sc-state"); state != "ready" {
		b.fatal(t, "slider ready", fmt.Errorf("data-sc-state %q, want ready", state))
	}
	ch := b.currentChallenge(t)
	x := *ch.TargetX
	if x <= 0 || x > ch.Width-ch.Piece {
		b.fatal(t, "slider target", fmt.Errorf("target_x %d outside 1..%d", x, ch.Width-ch.Piece))
	}

	handle := chromedp.CSS(`.slider-captcha .sc-handle`)
	keys := []chromedp.Action[chromedp.Void]{chromedp.Focus(handle)}
	for range x / 10 {
		keys = append(keys, chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift)))
	}
	for range x % 10 {
		keys = append(keys, chromedp.KeyEvent(kb.ArrowRight))
	}
	b.do(t, "slider keys", keys...)
	if now := b.jsAttr(t, ".slider-captcha .sc-handle", "aria-valuenow"); now != fmt.Sprint(x) {
		b.fatal(t, "slider position", fmt.Errorf("aria-valuenow %q, want %d", now, x))
	}
	// A person takes a moment; the server refuses drags under 300 ms.
	b.do(t, "slider release",
		chromedp.Sleep(400*time.Millisecond),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitReady(chromedp.CSS(`.slider-captcha[data-sc-state="success"]`)),
	)
	token := run(t, b, "slider token", chromedp.Value(chromedp.CSS(`.slider-captcha input[name="captcha_token"]`)))
	if token == "" {
		b.fatal(t, "slider token", errors.New("the widget passed but its hidden captcha_token is empty"))
	}
	if got := b.text(t, ".slider-captcha .sc-status"); got != "验证通过" && got != "Verified" {
		b.fatal(t, "slider status", fmt.Errorf("status %q, want 验证通过", got))
	}
}

// jsAttr reads an attribute from the live DOM (chromedp's node cache follows the
// page's mutations only through events, which may lag behind a burst of keys).
func (b *browser) jsAttr(t *testing.T, css, name string) string {
	t.Helper()
	return run(t, b, "attribute "+name+" of "+css, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); return (e && e.getAttribute(%q)) || ''; })()`, css, name)))
}

// awaitChallenge returns the last challenge the document loaded, waiting up to
// timeout for the first; "" when none came.
func (b *browser) awaitChallenge(loader cdp.LoaderID, timeout time.Duration) network.RequestID {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		b.mu.Lock()
		id, next := b.loaded[loader], b.loadedNext
		b.mu.Unlock()
		if id != "" {
			return id
		}
		select {
		case <-next: // a challenge loaded: look whether it is this document's
		case <-deadline.C:
			b.mu.Lock()
			defer b.mu.Unlock()
			return b.loaded[loader]
		}
	}
}

// currentChallenge returns the challenge the widget of the current document loaded
// last.
func (b *browser) currentChallenge(t *testing.T) challenge {
	t.Helper()
	tree := run(t, b, "frame tree", func(ctx context.Context, tg *chromedp.Target) (page.GetFrameTreeResult, error) {
		return cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
	})
	if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
		b.fatal(t, "frame tree", errors.New("no main frame"))
	}
	loader := tree.FrameTree.Frame.LoaderID
	id := b.awaitChallenge(loader, 5*time.Second)
	if id == "" {
		b.fatal(t, "slider challenge", errors.New("no POST /captcha/new response seen for this page"))
	}
	body := run(t, b, "challenge body", func(ctx context.Context, tg *chromedp.Target) (network.GetResponseBodyResult, error) {
		return cdp.Call(ctx, tg, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	})
	var ch challenge
	if err := json.Unmarshal(body.Body, &ch); err != nil {
		b.fatal(t, "slider challenge", fmt.Errorf("decode %q: %w", truncate(string(body.Body), 200), err))
	}
	if ch.TargetX == nil {
		b.fatal(t, "slider challenge", errors.New("no target_x: is the slider in test mode?"))
	}
	return ch
}

// uncaught returns the page exceptions seen so far.
func (b *browser) uncaught() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.exceptions...)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// lockedBuffer collects chromium's output from its copying goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
