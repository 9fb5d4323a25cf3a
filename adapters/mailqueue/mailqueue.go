// Package mailqueue makes outgoing email durable: Queue is the ports.Mailer the
// event handlers get, and it only stores each message in its Store (in the
// module, the mail_queue table of adapters/bunstore), so a bus handler
// acknowledges its event in milliseconds whatever the mail server does. Queue.Run, driven by the
// module's Run, is the dispatcher: it claims due messages under a short lease,
// sends them through the real mailer (SMTP or the .eml folder), marks them sent,
// and on failure schedules the next attempt with exponential backoff — without
// ever giving up on a transient error, across restarts, on any instance sharing
// the database. A message that can never be delivered (ports.ErrUndeliverable:
// malformed, or refused for good by the server, e.g. an SMTP 5xx) is marked
// failed and logged; the store lists such messages for staff.
//
// Delivery to the mail server is at least once: a process that dies after the
// server accepted a message but before the row was marked sent sends it again
// after the lease ends. Within a lease, one row is sent by one dispatcher.
package mailqueue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"time"

	"github.com/openassoc/membership/internal/queuedmail"
	"github.com/openassoc/membership/ports"
)

// QueuedMail is one email in the Store: its message, state, attempts and
// lease. (The type is shared with the stores through a neutral package, so
// that the queue imports no storage adapter.)
type QueuedMail = queuedmail.Mail

// Store is the queue's storage; *bunstore.MailQueue implements it.
type Store interface {
	Enqueue(ctx context.Context, msg ports.Message, at time.Time) (bool, error)
	Claim(ctx context.Context, holder string, now time.Time, lease time.Duration, limit int) ([]QueuedMail, error)
	MarkSent(ctx context.Context, id int64, holder string, at time.Time) (bool, error)
	Retry(ctx context.Context, id int64, holder string, next time.Time, lastErr string) (bool, error)
	MarkFailed(ctx context.Context, id int64, holder string, lastErr string) (bool, error)
	Release(ctx context.Context, ids []int64, holder string) error
	NextDue(ctx context.Context) (time.Time, bool, error)
	PruneSent(ctx context.Context, before time.Time) (int, error)
}

// Options tune a Queue. Zero fields take the defaults shown.
type Options struct {
	// RetryMin is the wait after the first failed attempt; it doubles with each
	// further failure (±10 % jitter) up to RetryMax. Defaults 2 s and 5 min.
	RetryMin time.Duration
	RetryMax time.Duration
	// Poll is the longest the dispatcher sleeps: it wakes at once for a message
	// queued through this Queue, at the next due retry, and otherwise every Poll
	// (for messages queued by other instances). Default 1 s.
	Poll time.Duration
	// Lease is how long a claimed message belongs to this dispatcher; default 1 min.
	Lease time.Duration
	// SendTimeout bounds one attempt; default half the lease. A message is only
	// sent while at least SendTimeout of its lease remains.
	SendTimeout time.Duration
	// BatchSize is how many messages are claimed at once; default 10.
	BatchSize int
	// Retention is how long sent messages (and so their idempotency keys) are
	// kept; default 7 days. PruneEvery is how often they are pruned; default 10 min;
	// negative: never (the host prunes them, as membership's clean-up loop does).
	Retention  time.Duration
	PruneEvery time.Duration
	// Validate, when set, checks a message before it is queued; an error wrapping
	// ports.ErrUndeliverable refuses it at once (the handler logs and drops it).
	Validate func(ports.Message) error
	// Now tells the time; default time.Now. (Not the module's clock: tests that
	// freeze it must not freeze retries.)
	Now func() time.Time
}

func (o *Options) setDefaults() {
	if o.RetryMin <= 0 {
		o.RetryMin = 2 * time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 5 * time.Minute
	}
	o.RetryMax = max(o.RetryMax, o.RetryMin)
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.SendTimeout <= 0 || o.SendTimeout > o.Lease {
		o.SendTimeout = o.Lease / 2
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 10
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.PruneEvery == 0 {
		o.PruneEvery = 10 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// maxStoreBackoff caps the wait after the database itself failed.
const maxStoreBackoff = 30 * time.Second

// Queue is the durable mail queue: Send stores, Run delivers. It is safe for
// concurrent use; several Queues (instances) may share one database.
type Queue struct {
	store  Store
	mailer ports.Mailer
	logger *slog.Logger
	opts   Options
	holder string
	wake   chan struct{}
}

var _ ports.Mailer = (*Queue)(nil)

// New returns a queue storing into store and delivering through mailer.
func New(store Store, mailer ports.Mailer, logger *slog.Logger, opts Options) *Queue {
	opts.setDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Queue{store: store, mailer: mailer, logger: logger, opts: opts, holder: newHolder(),
		wake: make(chan struct{}, 1)}
}

func newHolder() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// Send queues msg durably and wakes the dispatcher; it does not wait for the
// mail server. A message whose Key is already queued is not queued again (nil
// error). A message without recipient, or refused by Options.Validate, is an
// error wrapping ports.ErrUndeliverable.
func (q *Queue) Send(ctx context.Context, msg ports.Message) error {
	if len(msg.To) == 0 {
		return fmt.Errorf("mailqueue: no recipient: %w", ports.ErrUndeliverable)
	}
	if q.opts.Validate != nil {
		if err := q.opts.Validate(msg); err != nil {
			return fmt.Errorf("mailqueue: %w", err)
		}
	}
	stored, err := q.store.Enqueue(ctx, msg, q.opts.Now())
	if err != nil {
		return fmt.Errorf("mailqueue: %w", err)
	}
	if stored {
		q.Notify()
	} else {
		q.logger.Debug("email already queued", "key", msg.Key)
	}
	return nil
}

// Notify wakes the dispatcher at once. It never blocks.
func (q *Queue) Notify() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Run dispatches until ctx is cancelled, then returns nil. Database errors are
// logged and retried with backoff; messages this dispatcher holds when it stops
// are released for the next run.
func (q *Queue) Run(ctx context.Context) error {
	var lastPrune time.Time
	wait := time.Duration(0)
	for ctx.Err() == nil {
		n, err := q.dispatch(ctx)
		if err == nil && q.opts.PruneEvery > 0 && q.opts.Now().Sub(lastPrune) >= q.opts.PruneEvery {
			lastPrune = q.opts.Now()
			err = q.prune(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			wait = min(max(2*wait, q.opts.Poll), maxStoreBackoff)
			q.logger.Error("mail queue failed, retrying", "error", err, "retry_in", wait)
			q.sleep(ctx, wait, false)
			continue
		}
		wait = 0
		if n == q.opts.BatchSize {
			continue // more are probably due
		}
		q.sleep(ctx, q.untilNextDue(ctx), true)
	}
	return nil
}

// untilNextDue is how long to sleep: until the earliest retry, at most Poll.
func (q *Queue) untilNextDue(ctx context.Context) time.Duration {
	due, ok, err := q.store.NextDue(ctx)
	if err != nil || !ok {
		return q.opts.Poll
	}
	return min(max(due.Sub(q.opts.Now()), 5*time.Millisecond), q.opts.Poll)
}

// sleep waits for d, for ctx, or (when wakeable) for Notify.
func (q *Queue) sleep(ctx context.Context, d time.Duration, wakeable bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	wake := q.wake
	if !wakeable {
		wake = nil
	}
	select {
	case <-ctx.Done():
	case <-timer.C:
	case <-wake:
	}
}

// dispatch claims one batch and sends it; it returns how many were claimed.
func (q *Queue) dispatch(ctx context.Context) (int, error) {
	rows, err := q.store.Claim(ctx, q.holder, q.opts.Now(), q.opts.Lease, q.opts.BatchSize)
	if err != nil {
		return 0, err
	}
	for i, r := range rows {
		// Stopping, or too little of the lease left to send before another
		// dispatcher may claim the row: give the rest back.
		if ctx.Err() != nil || q.opts.Now().Add(q.opts.SendTimeout).After(r.LockedUntil) {
			q.release(ctx, rows[i:])
			return len(rows), nil
		}
		q.deliver(ctx, r)
	}
	return len(rows), nil
}

// deliver makes one attempt to send r and records its outcome.
func (q *Queue) deliver(ctx context.Context, r QueuedMail) {
	sendCtx, cancel := context.WithTimeout(ctx, q.opts.SendTimeout)
	err := q.mailer.Send(sendCtx, r.Message)
	cancel()
	// The outcome is recorded even when ctx ends meanwhile.
	rec, cancelRec := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelRec()
	attempt := r.Attempts + 1
	log := q.logger.With("mail_id", r.ID, "key", r.Message.Key, "attempt", attempt)
	var (
		held   bool
		recErr error
	)
	switch {
	case err == nil:
		held, recErr = q.store.MarkSent(rec, r.ID, q.holder, q.opts.Now())
		if recErr == nil && held {
			log.Debug("email sent")
		}
	case errors.Is(err, ports.ErrUndeliverable):
		held, recErr = q.store.MarkFailed(rec, r.ID, q.holder, err.Error())
		log.Error("email can never be delivered; marked failed", "to", r.Message.To, "error", err)
	case ctx.Err() != nil:
		// Stopping cut the attempt short: leave the message due for the next run.
		q.release(ctx, []QueuedMail{r})
		return
	default:
		wait := q.backoff(attempt)
		held, recErr = q.store.Retry(rec, r.ID, q.holder, q.opts.Now().Add(wait), err.Error())
		log.Warn("email not sent; will retry", "to", r.Message.To, "error", err, "retry_in", wait)
	}
	switch {
	case recErr != nil:
		log.Error("recording the outcome of an email failed; it may be sent again", "sent", err == nil, "error", recErr)
	case !held:
		log.Warn("the lease on an email ended before its outcome was recorded; another dispatcher may send it too")
	}
}

// release gives claimed rows back.
func (q *Queue) release(ctx context.Context, rows []QueuedMail) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := q.store.Release(rec, ids, q.holder); err != nil {
		q.logger.Warn("release claimed emails failed; they are due again when their lease ends", "error", err)
	}
}

// backoff is the wait after the attempt-th failed attempt: RetryMin doubled
// per further failure, ±10 %, never above RetryMax.
func (q *Queue) backoff(attempt int) time.Duration {
	d := q.opts.RetryMin
	for i := 1; i < attempt && d < q.opts.RetryMax; i++ {
		d *= 2
	}
	d = min(d, q.opts.RetryMax)
	jitter := 0.9 + 0.2*mathrand.Float64() // #nosec G404 -- spreading retries needs no secure randomness
	return min(time.Duration(float64(d)*jitter), q.opts.RetryMax)
}

// prune deletes messages sent longer ago than the retention.
func (q *Queue) prune(ctx context.Context) error {
	n, err := q.store.PruneSent(ctx, q.opts.Now().Add(-q.opts.Retention))
	if err != nil {
		return fmt.Errorf("prune sent mail: %w", err)
	}
	if n > 0 {
		q.logger.Debug("pruned sent emails", "count", n)
	}
	return nil
}
