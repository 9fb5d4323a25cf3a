package usecases_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/filemail"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// flakyMailer writes .eml files while up and refuses every message while down.
type flakyMailer struct {
	down  atomic.Bool
	tries atomic.Int32
	box   *filemail.Mailer
}

func (f *flakyMailer) Send(ctx context.Context, msg ports.Message) error {
	f.tries.Add(1)
	if f.down.Load() {
		return errors.New("dial tcp 127.0.0.1:25: connect: connection refused")
	}
	return f.box.Send(ctx, msg)
}

// runModule builds and runs a module on dir until the returned stop is called.
func runModule(t *testing.T, dir string, mailer ports.Mailer) (*membershiptest.Env, func()) {
	t.Helper()
	m, err := membership.New(membership.Config{DataDir: dir, CaptchaTestMode: true, BaseURL: "http://member.test",
		Renewal: membership.RenewalConfig{SweepEvery: -1},
		Mail:    membership.MailConfig{Queue: membership.MailQueueConfig{RetryMin: 10 * time.Millisecond, RetryMax: 40 * time.Millisecond}}},
		membership.WithMailer(mailer), membership.WithPasswordHasher(argon2hash.Fast()))
	require.NoError(t, err)
	stop := membershiptest.Start(t, m)
	return &membershiptest.Env{Module: m, App: m.App(), DataDir: dir, Mailbox: &membershiptest.Mailbox{Dir: m.MailDir()}}, stop
}

// TestMailOutageStallsNoEventAndLosesNoMail: while the mail server refuses
// everything, far beyond the bus's own retry budget (11 attempts), the event
// handlers still acknowledge at once — a second registration's email is queued
// behind the first instead of waiting for it — and after a restart of the
// module on the same database, with the server back, each email goes out once.
func TestMailOutageStallsNoEventAndLosesNoMail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	box, err := filemail.New(filepath.Join(dir, "mail"), "")
	require.NoError(t, err)
	mailer := &flakyMailer{box: box}
	mailer.down.Store(true)

	env, stop := runModule(t, dir, mailer)
	env.RegisterUnverified(t, "individual", "张三", "zhang@example.com", "abc123")
	require.Eventually(t, func() bool { return mailer.tries.Load() >= 12 }, 10*time.Second, 5*time.Millisecond,
		"retried past the old bus budget")
	env.RegisterUnverified(t, "individual", "李四", "li@example.com", "abc123")

	db, err := bunstore.Open(ctx, filepath.Join(dir, "membership.db"))
	require.NoError(t, err)
	defer db.Close()
	queue := bunstore.NewMailQueue(db)
	require.Eventually(t, func() bool {
		pending, err := queue.List(ctx, bunstore.MailPending, 10)
		require.NoError(t, err)
		return len(pending) == 2
	}, 10*time.Second, 5*time.Millisecond, "the second event was handled during the outage")
	stop()

	mailer.down.Store(false)
	env, _ = runModule(t, dir, mailer)
	env.Mailbox.WaitFor(t, "zhang@example.com", "会员账号注册成功", 10*time.Second)
	env.Mailbox.WaitFor(t, "li@example.com", "会员账号注册成功", 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	for _, to := range []string{"zhang@example.com", "li@example.com"} {
		assert.Equal(t, 1, mailsWith(t, env, to, "会员账号注册成功"), to)
	}
	sent, err := queue.List(ctx, bunstore.MailSent, 10)
	require.NoError(t, err)
	assert.Len(t, sent, 2)
}
