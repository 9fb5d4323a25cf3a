package mailqueue_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/adapters/mailqueue"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// database opens handles on one database: each call is a new handle (a new
// "instance") on the same rows.
type database func(t *testing.T) *bunstore.DB

// sqliteDatabase is a fresh, migrated SQLite file.
func sqliteDatabase(t *testing.T) database {
	path := filepath.Join(t.TempDir(), "membership.db")
	return func(t *testing.T) *bunstore.DB { return bunstoretest.Open(t, path) }
}

// postgresDatabase is a fresh, migrated schema of the PostgreSQL database
// MEMBERSHIP_TEST_POSTGRES_DSN names.
func postgresDatabase(t *testing.T) database {
	dsn := bunstoretest.PostgresDSN(t)
	admin := bunstoretest.Open(t, dsn)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "mailqueue_" + hex.EncodeToString(b[:])
	_, err := admin.SQL().ExecContext(context.Background(), "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin.SQL().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return func(t *testing.T) *bunstore.DB { return bunstoretest.Open(t, u.String()) }
}

// TestSQLite runs the queue's behaviour on SQLite.
func TestSQLite(t *testing.T) { runSuite(t, sqliteDatabase) }

// TestPostgres runs it on PostgreSQL when MEMBERSHIP_TEST_POSTGRES_DSN is set.
func TestPostgres(t *testing.T) {
	bunstoretest.PostgresDSN(t)
	runSuite(t, postgresDatabase)
}

func runSuite(t *testing.T, newDB func(t *testing.T) database) {
	for name, test := range map[string]func(t *testing.T, db database){
		"EnqueueIsIdempotent":           testEnqueueIsIdempotent,
		"FailingMailerRetriedBackoff":   testFailingMailerRetriedWithBackoff,
		"RestartDeliversPendingMail":    testRestartDeliversPendingMail,
		"ExpiredLeaseIsTakenOver":       testExpiredLeaseIsTakenOver,
		"TwoDispatchersSendEachOnce":    testTwoDispatchersSendEachOnce,
		"UndeliverableIsMarkedFailed":   testUndeliverableIsMarkedFailed,
		"WakesAtOnceWhenQueued":         testWakesAtOnceWhenQueued,
		"SentMailIsPruned":              testSentMailIsPruned,
		"StoppingReleasesClaimedEmails": testStoppingReleasesClaimedEmails,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, newDB(t))
		})
	}
}

// recorder is a Mailer that records what it sent and fails as fail says.
type recorder struct {
	mu    sync.Mutex
	sent  []ports.Message
	tries []time.Time
	fail  func(try int, msg ports.Message) error // nil: always accept
	delay time.Duration
}

func (r *recorder) Send(ctx context.Context, msg ports.Message) error {
	if r.delay > 0 {
		time.Sleep(r.delay)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries = append(r.tries, time.Now())
	if r.fail != nil {
		if err := r.fail(len(r.tries), msg); err != nil {
			return err
		}
	}
	r.sent = append(r.sent, msg)
	return nil
}

func (r *recorder) sentKeys() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for _, m := range r.sent {
		out[m.Key]++
	}
	return out
}

func (r *recorder) count() (tries, sent int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.tries), len(r.sent)
}

var errDown = errors.New("dial tcp 127.0.0.1:1025: connect: connection refused")

// fast makes retries and polls take milliseconds.
var fast = mailqueue.Options{RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond,
	Poll: 50 * time.Millisecond}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// start runs q until the returned stop is called or the test ends.
func start(t *testing.T, q *mailqueue.Queue) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				assert.NoError(t, err)
			case <-time.After(10 * time.Second):
				t.Error("dispatcher did not stop")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func message(key, to string) ports.Message {
	return ports.Message{Key: key, To: []string{to}, Subject: "【中国质量协会】会员账号注册成功", Text: "尊敬的张三：…",
		HTML: "<p>尊敬的张三：…</p>"}
}

func find(t *testing.T, store *bunstore.MailQueue, key string) bunstore.QueuedMail {
	t.Helper()
	m, err := store.Find(context.Background(), key)
	require.NoError(t, err)
	return m
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 10*time.Second, 5*time.Millisecond, what)
}

func testEnqueueIsIdempotent(t *testing.T, db database) {
	ctx := context.Background()
	d := db(t)
	store := bunstore.NewMailQueue(d)
	box := &recorder{}
	q := mailqueue.New(store, box, testLogger(t), fast)

	// The same event delivered many times, some at once: one row, one email.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { assert.NoError(t, q.Send(ctx, message("send_welcome_email:evt-1", "a@example.org"))) })
	}
	wg.Wait()
	require.NoError(t, q.Send(ctx, message("send_welcome_email:evt-1", "a@example.org")))
	pending, err := store.List(ctx, bunstore.MailPending, 100)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	got := pending[0]
	assert.Equal(t, message("send_welcome_email:evt-1", "a@example.org"), got.Message, "every field kept")
	assert.Equal(t, 0, got.Attempts)
	assert.False(t, got.CreatedAt.IsZero())
	assert.Equal(t, time.UTC, got.NextAttemptAt.Location())

	// Messages without a key are never merged.
	require.NoError(t, q.Send(ctx, message("", "b@example.org")))
	require.NoError(t, q.Send(ctx, message("", "b@example.org")))

	start(t, q)
	waitFor(t, "three emails sent", func() bool { _, sent := box.count(); return sent == 3 })
	time.Sleep(100 * time.Millisecond)
	_, sent := box.count()
	assert.Equal(t, 3, sent)
	assert.Equal(t, 1, box.sentKeys()["send_welcome_email:evt-1"])
	require.NoError(t, q.Send(ctx, message("send_welcome_email:evt-1", "a@example.org")), "a redelivery after sending")
	time.Sleep(100 * time.Millisecond)
	_, sent = box.count()
	assert.Equal(t, 3, sent, "sent once, whenever the event comes again")
	assert.Equal(t, bunstore.MailSent, find(t, store, "send_welcome_email:evt-1").Status)
}

func testFailingMailerRetriedWithBackoff(t *testing.T, db database) {
	ctx := context.Background()
	store := bunstore.NewMailQueue(db(t))
	// Down for the first four attempts, then up.
	box := &recorder{fail: func(try int, _ ports.Message) error {
		if try <= 4 {
			return errDown
		}
		return nil
	}}
	opts := mailqueue.Options{RetryMin: 40 * time.Millisecond, RetryMax: 200 * time.Millisecond, Poll: time.Second}
	q := mailqueue.New(store, box, testLogger(t), opts)
	start(t, q)
	require.NoError(t, q.Send(ctx, message("k-retry", "a@example.org")))

	waitFor(t, "sent once the server is back", func() bool { return find(t, store, "k-retry").Status == bunstore.MailSent })
	m := find(t, store, "k-retry")
	assert.Equal(t, bunstore.MailSent, m.Status)
	assert.Equal(t, 5, m.Attempts)
	assert.Empty(t, m.LastError)
	assert.False(t, m.SentAt.IsZero())

	box.mu.Lock()
	tries := append([]time.Time(nil), box.tries...)
	box.mu.Unlock()
	require.Len(t, tries, 5)
	// Waits of 40, 80, 160 and 200 (capped) ms, each within its ±10 % jitter
	// (and a poll's lateness at most).
	for i, want := range []time.Duration{40, 80, 160, 200} {
		gap := tries[i+1].Sub(tries[i])
		assert.GreaterOrEqual(t, gap, want*time.Millisecond*85/100, "wait before attempt %d", i+2)
		assert.Less(t, gap, want*time.Millisecond*3+300*time.Millisecond, "wait before attempt %d", i+2)
	}
}

func testRestartDeliversPendingMail(t *testing.T, db database) {
	ctx := context.Background()
	first := bunstore.NewMailQueue(db(t))
	down := &recorder{fail: func(int, ports.Message) error { return errDown }}
	q1 := mailqueue.New(first, down, testLogger(t), fast)
	stop := start(t, q1)
	require.NoError(t, q1.Send(ctx, message("k-restart", "a@example.org")))
	waitFor(t, "tried while the server is down", func() bool { tries, _ := down.count(); return tries >= 3 })
	stop()
	m := find(t, first, "k-restart")
	assert.Equal(t, bunstore.MailPending, m.Status)
	assert.GreaterOrEqual(t, m.Attempts, 3)
	assert.Contains(t, m.LastError, "connection refused")
	assert.True(t, m.LockedUntil.IsZero(), "no lease left behind")

	// A new process on the same database, the server back.
	second := bunstore.NewMailQueue(db(t))
	up := &recorder{}
	start(t, mailqueue.New(second, up, testLogger(t), fast))
	waitFor(t, "delivered after the restart", func() bool { return find(t, second, "k-restart").Status == bunstore.MailSent })
	time.Sleep(100 * time.Millisecond)
	_, sent := up.count()
	assert.Equal(t, 1, sent)
	assert.Equal(t, bunstore.MailSent, find(t, second, "k-restart").Status)
}

func testExpiredLeaseIsTakenOver(t *testing.T, db database) {
	ctx := context.Background()
	store := bunstore.NewMailQueue(db(t))
	_, err := store.Enqueue(ctx, message("k-crashed", "a@example.org"), time.Now())
	require.NoError(t, err)
	// A dispatcher claims it and dies before recording anything.
	claimed, err := store.Claim(ctx, "crashed-instance", time.Now(), 400*time.Millisecond, 10)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	again, err := store.Claim(ctx, "other", time.Now(), time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, again, "a leased row is nobody else's")

	box := &recorder{}
	began := time.Now()
	start(t, mailqueue.New(bunstore.NewMailQueue(db(t)), box, testLogger(t), fast))
	waitFor(t, "sent once the lease ended", func() bool { _, sent := box.count(); return sent == 1 })
	assert.GreaterOrEqual(t, time.Since(began), 300*time.Millisecond, "not before the lease ended")
	ok, err := store.MarkSent(ctx, claimed[0].ID, "crashed-instance", time.Now())
	require.NoError(t, err)
	assert.False(t, ok, "the dead holder's lease is gone")
}

func testTwoDispatchersSendEachOnce(t *testing.T, db database) {
	ctx := context.Background()
	a, b := bunstore.NewMailQueue(db(t)), bunstore.NewMailQueue(db(t))
	box := &recorder{delay: time.Millisecond} // one shared mail server
	opts := fast
	opts.BatchSize = 3
	qa := mailqueue.New(a, box, testLogger(t), opts)
	qb := mailqueue.New(b, box, testLogger(t), opts)
	start(t, qa)
	start(t, qb)
	const n = 60
	var wg sync.WaitGroup
	for i := range n {
		q := qa
		if i%2 == 1 {
			q = qb
		}
		wg.Go(func() { assert.NoError(t, q.Send(ctx, message(fmt.Sprintf("k-%02d", i), "a@example.org"))) })
	}
	wg.Wait()
	waitFor(t, "every email sent", func() bool { _, sent := box.count(); return sent >= n })
	time.Sleep(200 * time.Millisecond)
	keys := box.sentKeys()
	assert.Len(t, keys, n)
	for k, c := range keys {
		assert.Equal(t, 1, c, "%s sent once", k)
	}
}

func testUndeliverableIsMarkedFailed(t *testing.T, db database) {
	ctx := context.Background()
	store := bunstore.NewMailQueue(db(t))
	box := &recorder{fail: func(_ int, msg ports.Message) error {
		if msg.To[0] == "bad" {
			return fmt.Errorf("smtp: address %q: %w", msg.To[0], ports.ErrUndeliverable)
		}
		return nil
	}}
	var errorsLogged atomic.Int32
	logger := slog.New(levelCounter{testLogger(t).Handler(), slog.LevelError, &errorsLogged})
	q := mailqueue.New(store, box, logger, fast)
	start(t, q)
	require.NoError(t, q.Send(ctx, message("k-bad", "bad")))
	require.NoError(t, q.Send(ctx, message("k-good", "a@example.org")))
	waitFor(t, "the good one sent", func() bool { _, sent := box.count(); return sent == 1 })
	waitFor(t, "the bad one marked failed", func() bool {
		return find(t, store, "k-bad").Status == bunstore.MailFailed
	})
	time.Sleep(200 * time.Millisecond)
	m := find(t, store, "k-bad")
	assert.Equal(t, 1, m.Attempts, "never retried")
	assert.Contains(t, m.LastError, "can never be delivered")
	tries, _ := box.count()
	assert.Equal(t, 2, tries)
	assert.Equal(t, int32(1), errorsLogged.Load(), "logged as an error")

	// Refused before queueing: no recipient, or what Validate rejects.
	err := q.Send(ctx, ports.Message{Key: "k-none", Subject: "s", Text: "t"})
	assert.ErrorIs(t, err, ports.ErrUndeliverable)
	strict := mailqueue.New(store, box, logger, mailqueue.Options{Validate: func(ports.Message) error {
		return fmt.Errorf("malformed: %w", ports.ErrUndeliverable)
	}})
	assert.ErrorIs(t, strict.Send(ctx, message("k-invalid", "x@example.org")), ports.ErrUndeliverable)
	for _, k := range []string{"k-none", "k-invalid"} {
		_, err := store.Find(ctx, k)
		assert.Equal(t, apperr.KindNotFound, apperr.As(err).Kind, "%s not queued", k)
	}
}

// levelCounter counts the records at level or above.
type levelCounter struct {
	slog.Handler
	level slog.Level
	n     *atomic.Int32
}

func (h levelCounter) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= h.level {
		h.n.Add(1)
	}
	return h.Handler.Handle(ctx, r)
}

func (h levelCounter) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelCounter{h.Handler.WithAttrs(attrs), h.level, h.n}
}

func testWakesAtOnceWhenQueued(t *testing.T, db database) {
	ctx := context.Background()
	box := &recorder{}
	q := mailqueue.New(bunstore.NewMailQueue(db(t)), box, testLogger(t), mailqueue.Options{Poll: time.Hour})
	start(t, q)
	time.Sleep(50 * time.Millisecond) // the dispatcher is asleep until the next poll, an hour away
	began := time.Now()
	require.NoError(t, q.Send(ctx, message("k-wake", "a@example.org")))
	waitFor(t, "sent", func() bool { _, sent := box.count(); return sent == 1 })
	assert.Less(t, time.Since(began), 2*time.Second, "woken by the enqueue, not by the poll")
}

func testSentMailIsPruned(t *testing.T, db database) {
	ctx := context.Background()
	store := bunstore.NewMailQueue(db(t))
	box := &recorder{fail: func(_ int, msg ports.Message) error {
		if msg.Key == "k-failed" {
			return ports.ErrUndeliverable
		}
		return nil
	}}
	opts := fast
	opts.Retention, opts.PruneEvery = 50*time.Millisecond, 10*time.Millisecond
	q := mailqueue.New(store, box, testLogger(t), opts)
	start(t, q)
	require.NoError(t, q.Send(ctx, message("k-pruned", "a@example.org")))
	require.NoError(t, q.Send(ctx, message("k-failed", "a@example.org")))
	waitFor(t, "sent and then pruned", func() bool {
		_, err := store.Find(ctx, "k-pruned")
		return err != nil && apperr.As(err).Kind == apperr.KindNotFound
	})
	_, sent := box.count()
	assert.Equal(t, 1, sent)
	assert.Equal(t, bunstore.MailFailed, find(t, store, "k-failed").Status, "failed mail is kept for a look")
}

func testStoppingReleasesClaimedEmails(t *testing.T, db database) {
	ctx := context.Background()
	store := bunstore.NewMailQueue(db(t))
	// A mail server that hangs until the attempt is abandoned.
	started := make(chan struct{}, 10)
	hang := mailerFunc(func(ctx context.Context, _ ports.Message) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	q := mailqueue.New(store, hang, testLogger(t), mailqueue.Options{Lease: time.Hour})
	stop := start(t, q)
	require.NoError(t, q.Send(ctx, message("k-hang", "a@example.org")))
	<-started
	stop()
	m := find(t, store, "k-hang")
	assert.Equal(t, bunstore.MailPending, m.Status)
	assert.True(t, m.LockedUntil.IsZero(), "released, not held for the hour of its lease")
	assert.Equal(t, 0, m.Attempts, "an attempt cut short by stopping does not count")

	box := &recorder{}
	start(t, mailqueue.New(bunstore.NewMailQueue(db(t)), box, testLogger(t), fast))
	waitFor(t, "the next run sends it", func() bool { _, sent := box.count(); return sent == 1 })
}

type mailerFunc func(ctx context.Context, msg ports.Message) error

func (f mailerFunc) Send(ctx context.Context, msg ports.Message) error { return f(ctx, msg) }
