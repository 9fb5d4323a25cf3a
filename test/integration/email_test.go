//go:build integration

package integration

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/membershiptest"
)

// welcomeSubject is the subject of the registration email for the default
// association name.
const welcomeSubject = "【中国质量协会】会员账号注册成功，请验证邮箱"

// smtpModule runs a module whose mail goes to mailpit through adapters/smtpmail
// (TLS none), with extra options.
func smtpModule(t *testing.T, opts ...membershiptest.Option) *membershiptest.Env {
	t.Helper()
	mailpitSvc.container(t)
	host, port := mailpit{t}.smtpAddr()
	opts = append([]membershiptest.Option{membershiptest.WithConfig(func(c *membership.Config) {
		c.Mail = membership.MailConfig{From: "中国质量协会 <noreply@example.org>",
			SMTP: membership.SMTPConfig{Host: host, Port: port, TLS: "none"}}
	})}, opts...)
	return membershiptest.New(t, opts...)
}

// TestEmailRegistrationThroughSMTP registers a member and reads the welcome email
// back from mailpit: recipient, sender, Chinese subject and body.
func TestEmailRegistrationThroughSMTP(t *testing.T) {
	env := smtpModule(t)
	email := "li.si." + randomHex(4) + "@example.org"
	env.RegisterUnverified(t, "individual", "李四", email, "secret123")

	msg := mailpit{t}.waitFor(email, "会员账号注册成功", 30*time.Second)
	require.Len(t, msg.To, 1)
	assert.Equal(t, email, msg.To[0].Address)
	assert.Equal(t, "noreply@example.org", msg.From.Address)
	assert.Equal(t, "中国质量协会", msg.From.Name)
	assert.Equal(t, welcomeSubject, msg.Subject)
	assert.True(t, strings.HasPrefix(msg.Text, "您好："), msg.Text)
	assert.NotContains(t, msg.Text, "李四", "no free text to an unverified address")
	assert.Contains(t, msg.Text, "本邮箱刚刚被用于注册中国质量协会会员系统账号（个人会员）")
	assert.Contains(t, msg.Text, "http://member.test/email/verify?token=")
	assert.Contains(t, msg.Text, "http://member.test/login")
}

// countingHandler counts the mail queue's failed-attempt records ("email not
// sent; will retry"), and forwards everything to next. Other warnings (the
// Alipay sandbox notice at start) do not count.
type countingHandler struct {
	slog.Handler
	warnings *atomic.Int32
}

func (h countingHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn && r.Message == "email not sent; will retry" {
		h.warnings.Add(1)
	}
	return h.Handler.Handle(ctx, r)
}

func (h countingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return countingHandler{h.Handler.WithAttrs(attrs), h.warnings}
}

func (h countingHandler) WithGroup(name string) slog.Handler {
	return countingHandler{h.Handler.WithGroup(name), h.warnings}
}

// TestEmailRetriedWhileMailServerDown stops mailpit, registers a member, and
// starts mailpit again: the welcome email, retried meanwhile, arrives once.
func TestEmailRetriedWhileMailServerDown(t *testing.T) {
	ctr := mailpitSvc.container(t)
	var warnings atomic.Int32
	logger := slog.New(countingHandler{testLogger(t).Handler(), &warnings})
	env := smtpModule(t, membershiptest.WithModuleOption(membership.WithLogger(logger)))
	ctx := context.Background()

	stopTimeout := 5 * time.Second
	require.NoError(t, ctr.Stop(ctx, &stopTimeout), "stop mailpit")
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			require.NoError(t, ctr.Start(ctx), "start mailpit again")
		}
	}
	t.Cleanup(restart) // the other tests need mailpit, whatever happens here

	email := "wang.wu." + randomHex(4) + "@example.org"
	env.RegisterUnverified(t, "individual", "王五", email, "secret123")
	require.Eventually(t, func() bool { return warnings.Load() >= 2 }, 20*time.Second, 20*time.Millisecond,
		"sending fails while mailpit is down, and is retried (two failed attempts)")
	restart()

	msg := mailpit{t}.waitFor(email, "会员账号注册成功", 90*time.Second)
	assert.Equal(t, welcomeSubject, msg.Subject)
	assert.True(t, strings.Contains(msg.Text, "http://member.test/email/verify?token="), msg.Text)
	time.Sleep(time.Second)
	assert.Equal(t, 1, mailpit{t}.count(email), "sent once, once it could be")
}

// TestEmailSurvivesLongOutageAndRestart: with mailpit stopped, a member
// registers on a module on PostgreSQL. The welcome email waits in the mail
// queue and is tried far more often than the bus's own retry budget (11
// attempts) would have allowed; the module is closed, a new one starts on the
// same database and keeps trying, mailpit comes back: the email arrives exactly
// once. (The backoff is shortened through Config.Mail.Queue.)
func TestEmailSurvivesLongOutageAndRestart(t *testing.T) {
	ctr := mailpitSvc.container(t)
	ctx := context.Background()
	stopTimeout := 5 * time.Second
	require.NoError(t, ctr.Stop(ctx, &stopTimeout), "stop mailpit")
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			require.NoError(t, ctr.Start(ctx), "start mailpit again")
		}
	}
	t.Cleanup(restart) // the other tests need mailpit, whatever happens here

	dsn := createDatabase(t, "mailqueue_"+randomHex(4))
	host, port := mailpit{t}.smtpAddr()
	cfg := membership.Config{DatabaseDSN: dsn, CaptchaTestMode: true, BaseURL: "http://member.test",
		Renewal: membership.RenewalConfig{SweepEvery: -1},
		Mail: membership.MailConfig{From: "中国质量协会 <noreply@example.org>",
			SMTP:  membership.SMTPConfig{Host: host, Port: port, TLS: "none"},
			Queue: membership.MailQueueConfig{RetryMin: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}}}
	// Each attempt logs a warning; keep the test log to errors.
	logger := slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	if os.Getenv("MEMBERSHIP_TEST_LOG") != "" {
		logger = testLogger(t)
	}
	startModule := func() (*membershiptest.Env, func()) {
		c := cfg
		c.DataDir = t.TempDir()
		m, err := membership.New(c, membership.WithLogger(logger), membership.WithPasswordHasher(argon2hash.Fast()))
		require.NoError(t, err)
		stop := membershiptest.Start(t, m)
		return &membershiptest.Env{Module: m, App: m.App(), DataDir: c.DataDir}, stop
	}

	db, err := bunstore.Open(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	queue := bunstore.NewMailQueue(db)
	queued := func() bunstore.QueuedMail {
		rows, err := queue.List(ctx, bunstore.MailPending, 10)
		require.NoError(t, err)
		if len(rows) == 0 {
			rows, err = queue.List(ctx, bunstore.MailSent, 10)
			require.NoError(t, err)
		}
		require.LessOrEqual(t, len(rows), 1)
		if len(rows) == 0 {
			return bunstore.QueuedMail{}
		}
		return rows[0]
	}

	env, stop := startModule()
	email := "zhao.liu." + randomHex(4) + "@example.org"
	env.RegisterUnverified(t, "individual", "赵六", email, "secret123")
	require.Eventually(t, func() bool { return queued().Attempts >= 15 }, 60*time.Second, 20*time.Millisecond,
		"tried again and again while mailpit is down")
	stop()
	before := queued()
	assert.Equal(t, bunstore.MailPending, before.Status)
	assert.Equal(t, []string{email}, before.Message.To)
	assert.NotEmpty(t, before.LastError)
	assert.True(t, before.LockedUntil.IsZero(), "a stopped module holds no lease")

	// A new module on the same database goes on trying; then mailpit is back.
	startModule()
	require.Eventually(t, func() bool { return queued().Attempts >= before.Attempts+2 }, 30*time.Second,
		20*time.Millisecond, "the new module tries the queued email")
	restart()

	msg := mailpit{t}.waitFor(email, "会员账号注册成功", 60*time.Second)
	assert.Equal(t, welcomeSubject, msg.Subject)
	assert.Contains(t, msg.Text, "http://member.test/email/verify?token=")
	require.Eventually(t, func() bool { return queued().Status == bunstore.MailSent }, 10*time.Second,
		20*time.Millisecond)
	time.Sleep(time.Second)
	assert.Equal(t, 1, mailpit{t}.count(email), "sent once, once it could be")
}
