// Package membershiptest builds a complete, real membership module for tests — a
// temporary SQLite database, the in-process bus and relay running, mail written to
// a temporary folder, the slider check in test mode — for this project's tests and
// for host systems that embed the module.
package membershiptest

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
)

// Env is a running module for one test.
type Env struct {
	Module  *membership.Module
	App     *app.Core
	DataDir string
	Mailbox *Mailbox
	Config  membership.Config
	// Clock is the module's clock when it is a *Clock: New's RunningClock, or
	// the one WithClock gave; nil with WithRealClock or another ports.Clock.
	Clock *Clock

	staffMu  sync.Mutex
	staff    map[access.Role]string // staff accounts made by Staff, per role
	activity *activity              // the module's background progress, see WaitUntil
}

// Option adjusts the configuration or the module options of an Env.
type Option func(*membership.Config, *[]membership.Option)

// WithConfig changes the configuration before the module is built.
func WithConfig(fn func(*membership.Config)) Option {
	return func(c *membership.Config, _ *[]membership.Option) { fn(c) }
}

// WithDatabase runs the module on the database a DSN names (postgres://… for
// PostgreSQL, see membership.Config.DatabaseDSN) instead of a temporary SQLite
// file. The module migrates it; give each test an empty database (or schema, with
// search_path) of its own.
func WithDatabase(dsn string) Option {
	return WithConfig(func(c *membership.Config) { c.DatabaseDSN = dsn })
}

// WithAlipaySandbox turns the embedded Alipay sandbox on
// (Config.Alipay.Sandbox): online payments go to it and Module.AlipaySandbox
// signs as it. Its payments move no money and wait for finance's confirmation.
func WithAlipaySandbox() Option {
	return WithConfig(func(c *membership.Config) { c.Alipay.Sandbox = true })
}

// WithModuleOption adds a module option (a replacement adapter).
func WithModuleOption(o membership.Option) Option {
	return func(_ *membership.Config, opts *[]membership.Option) { *opts = append(*opts, o) }
}

// New builds and runs a module for the test; it is stopped and closed when the
// test ends. Password hashing uses cheap argon2id parameters to keep tests fast;
// the renewal scheduler is off (call App.Commands.RenewalSweep); there is no
// online payment unless WithAlipaySandbox turns the embedded sandbox on. The
// module's clock is a RunningClock (Env.Clock): real time, which AwaitDrag puts
// ahead instead of sleeping; WithClock or WithRealClock choose another.
func New(tb testing.TB, options ...Option) *Env {
	tb.Helper()
	dir := tb.TempDir()
	// The renewal scheduler is off: tests run RenewalSweep themselves (with the
	// clock they set); WithConfig may turn it on.
	cfg := membership.Config{DataDir: dir, CaptchaTestMode: true, BaseURL: "http://member.test",
		Renewal: membership.RenewalConfig{SweepEvery: -1}}
	out := slog.Handler(slog.DiscardHandler)
	if os.Getenv("MEMBERSHIP_TEST_LOG") != "" {
		out = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	act := newActivity()
	logger := slog.New(activityHandler{next: out, act: act})
	opts := []membership.Option{membership.WithLogger(logger), membership.WithPasswordHasher(argon2hash.Fast()),
		membership.WithClock(RunningClock())} // options come later: WithClock replaces it
	for _, o := range options {
		o(&cfg, &opts)
	}
	m, err := membership.New(cfg, opts...)
	require.NoError(tb, err)
	Start(tb, m)
	clock, _ := m.App().Clock.(*Clock)
	return &Env{Module: m, App: m.App(), DataDir: dir, Mailbox: &Mailbox{Dir: m.MailDir(), activity: act},
		Config: cfg, Clock: clock, activity: act}
}

// Start runs m in the background and returns the function that stops it: it
// cancels Run, waits up to 30 s for it to return and closes m. The function is
// safe to call more than once (a test that restarts a module stops the first
// itself) and also runs when the test ends.
func Start(tb testing.TB, m *membership.Module) (stop func()) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil && !errors.Is(err, context.Canceled) {
					tb.Errorf("module run: %v", err)
				}
			case <-time.After(30 * time.Second):
				tb.Errorf("module did not stop within 30 s")
			}
			if err := m.Close(); err != nil {
				tb.Errorf("module close: %v", err)
			}
		})
	}
	tb.Cleanup(stop)
	return stop
}

// WaitUntil waits until done reports true, for at most timeout, and reports
// whether it did: for what the module does in the background after a command
// returns (event handlers, the outbox relay, the mail queue). done runs again
// whenever the module's background components report progress in its log (New
// installs the logger that listens; WithModuleOption(membership.WithLogger(…))
// replaces it) and at least every 100 ms, but after each check rests four times
// as long as the check took, so that costly checks do not slow the module down.
// done runs on the caller's goroutine and may use require.
func (e *Env) WaitUntil(timeout time.Duration, done func() bool) bool {
	return await(e.activity, timeout, done)
}

// Handler returns the module's HTTP handler.
func (e *Env) Handler() http.Handler { return e.Module.Handler() }

// Server starts an httptest server for the module, closed when the test ends.
func (e *Env) Server(tb testing.TB) *httptest.Server {
	srv := httptest.NewServer(e.Module.Handler())
	tb.Cleanup(srv.Close)
	return srv
}

// DragTime is the drag duration the test helpers claim when they solve a slider
// challenge: the shortest the server accepts, so that waiting for it keeps tests
// fast.
const DragTime = captcha.MinDrag

// AwaitDrag lets d pass on the module's clock, as a person's drag would between
// receiving a challenge and answering it (the server checks that the time it saw
// pass covers the claimed drag). A Clock (New's RunningClock by default, or the
// one WithClock gave) is advanced at once; the real clock (WithRealClock) is
// waited for. Call it after the challenge has arrived.
func (e *Env) AwaitDrag(d time.Duration) {
	if c, ok := e.App.Clock.(*Clock); ok {
		c.Advance(d)
		return
	}
	time.Sleep(d)
}

// PassCaptcha solves a slider challenge for the form of purpose through the real
// verification path (test mode reveals the target; the drag takes DragTime, see
// AwaitDrag) and returns a single-use pass token that form accepts. The
// challenge is asked for from no client address, so it is not limited.
func (e *Env) PassCaptcha(tb testing.TB, purpose captcha.Purpose) string {
	tb.Helper()
	ctx := context.Background()
	ch, err := e.App.Captcha.Issue(ctx, command.IssueCaptcha{Purpose: purpose})
	require.NoError(tb, err)
	require.NotNil(tb, ch.TargetX, "captcha test mode must be on")
	e.AwaitDrag(DragTime)
	tok, err := e.App.Captcha.Verify(ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: DragTime})
	require.NoError(tb, err)
	return tok
}

// RegisterMember registers an account through the real use case, verifies its
// email address as a person would (VerifyEmail: the link in the welcome mail)
// and returns its id. RegisterUnverified leaves the address unverified.
func (e *Env) RegisterMember(tb testing.TB, kind, name, email, password string) string {
	tb.Helper()
	id := e.RegisterUnverified(tb, kind, name, email, password)
	e.VerifyEmail(tb, email)
	return id
}

// CreateStaff creates a staff account and returns its id.
func (e *Env) CreateStaff(tb testing.TB, username, role, password string) string {
	tb.Helper()
	id, err := e.App.Commands.CreateStaff.Handle(context.Background(), command.CreateStaff{
		Username: username, Role: role, Password: password})
	require.NoError(tb, err)
	return id
}
