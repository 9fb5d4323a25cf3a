package watermillbus

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/openassoc/membership/internal/outbox"
)

// OutboxSource is what a Relay reads the SQLite outbox table through:
// bunstore.TableOutbox implements it. (The type is shared with bunstore through
// a neutral package, so that neither adapter imports the other.)
type OutboxSource = outbox.Source

// OutboxRow is one row of the SQLite outbox table, as an OutboxSource returns it.
type OutboxRow = outbox.Row

// RelayOptions tunes a Relay. Zero fields take the defaults shown.
type RelayOptions struct {
	BatchSize    int           // rows fetched at once; default 100
	PollInterval time.Duration // wait between polls when idle; default 100 ms
	MaxBackoff   time.Duration // cap of the wait after errors; default 30 s
	Retention    time.Duration // how long sent rows are kept; default 1 h
	PruneEvery   time.Duration // how often sent rows are pruned; default 10 min; negative: never (the host prunes)
	Now          func() time.Time
}

func (o *RelayOptions) setDefaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 100 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.Retention <= 0 {
		o.Retention = time.Hour
	}
	if o.PruneEvery == 0 {
		o.PruneEvery = 10 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Relay moves committed rows of the SQLite outbox table to the bus: it fetches
// unsent rows in a short transaction, publishes them outside any transaction and
// then marks them sent. A crash between the two re-publishes the rows after the
// restart (at-least-once delivery).
type Relay struct {
	src    OutboxSource
	pub    message.Publisher
	logger *slog.Logger
	opts   RelayOptions
	wake   chan struct{}
}

// NewRelay returns a relay from src to pub (usually Bus.Publisher()).
func NewRelay(src OutboxSource, pub message.Publisher, logger *slog.Logger, opts RelayOptions) *Relay {
	opts.setDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Relay{src: src, pub: pub, logger: logger, opts: opts, wake: make(chan struct{}, 1)}
}

// Notify wakes the relay at once, e.g. right after a transaction that appended
// events committed. It never blocks.
func (r *Relay) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run relays until ctx is cancelled, then returns nil. Errors are logged and
// retried with exponential backoff.
func (r *Relay) Run(ctx context.Context) error {
	wait := time.Duration(0)
	var lastPrune time.Time
	for ctx.Err() == nil {
		n, err := r.relayBatch(ctx)
		if err == nil && r.opts.PruneEvery > 0 && r.opts.Now().Sub(lastPrune) >= r.opts.PruneEvery {
			lastPrune = r.opts.Now()
			err = r.prune(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			wait = min(max(2*wait, r.opts.PollInterval), r.opts.MaxBackoff)
			r.logger.Error("outbox relay failed, retrying", "error", err, "retry_in", wait)
		case n == r.opts.BatchSize:
			wait = 0
			continue // more rows are probably waiting
		default:
			wait = 0
		}
		r.sleep(ctx, max(wait, r.opts.PollInterval), err == nil)
	}
	return nil
}

// sleep waits for d, for ctx, or (when wakeable) for Notify.
func (r *Relay) sleep(ctx context.Context, d time.Duration, wakeable bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	wake := r.wake
	if !wakeable {
		wake = nil
	}
	select {
	case <-ctx.Done():
	case <-timer.C:
	case <-wake:
	}
}

// relayBatch publishes one batch of unsent rows and marks the published ones sent.
// It stops without marking anything once ctx is cancelled.
func (r *Relay) relayBatch(ctx context.Context) (int, error) {
	rows, err := r.src.FetchUnsent(ctx, r.opts.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("fetch unsent outbox rows: %w", err)
	}
	sent := make([]int64, 0, len(rows))
	var pubErr error
	for _, row := range rows {
		if err := r.pub.Publish(row.Name, entryMessage(row.Entry())); err != nil {
			pubErr = fmt.Errorf("publish outbox row %d (%s): %w", row.ID, row.Name, err)
			break
		}
		if ctx.Err() != nil {
			return len(sent), nil
		}
		sent = append(sent, row.ID)
	}
	if len(sent) > 0 {
		if err := r.src.MarkSent(ctx, sent, r.opts.Now()); err != nil {
			return len(sent), fmt.Errorf("mark %d outbox rows sent: %w", len(sent), err)
		}
	}
	return len(rows), pubErr
}

// prune deletes rows sent longer ago than the retention.
func (r *Relay) prune(ctx context.Context) error {
	n, err := r.src.PruneSent(ctx, r.opts.Now().Add(-r.opts.Retention))
	if err != nil {
		return fmt.Errorf("prune sent outbox rows: %w", err)
	}
	if n > 0 {
		r.logger.Debug("pruned sent outbox rows", "count", n)
	}
	return nil
}
