package membership

import (
	"context"
	"errors"
	"time"

	"github.com/openassoc/membership/internal/scheduler"
)

// RetentionConfig says how long the clean-up loop in Run keeps rows that only
// serve for a while. Zero fields take the defaults shown; negative ones are
// refused. Expired sessions and tokens are deleted as soon as they expire.
type RetentionConfig struct {
	// SentEvents is how long outbox rows stay after the relay sent them (SQLite;
	// on PostgreSQL watermill-sql keeps its own table). Default 1 h.
	SentEvents time.Duration
	// SentMail is how long sent emails (their bodies and their idempotency keys,
	// which stop a redelivered event from mailing twice) are kept. Default:
	// Mail.Queue.Retention when set, else 7 days.
	SentMail time.Duration
	// LoginAttempts is how long failed logins are kept; it must exceed every
	// throttling window (15 minutes). Default 24 h.
	LoginAttempts time.Duration
	// HandledEvents is how long the event handlers remember an event they
	// handled, far longer than any redelivery takes. Default 30 days.
	HandledEvents time.Duration
}

// retentionDefaults fills in and checks Config.Retention.
func (c *Config) retentionDefaults() error {
	r := &c.Retention
	if r.SentEvents < 0 || r.SentMail < 0 || r.LoginAttempts < 0 || r.HandledEvents < 0 {
		return errors.New("membership: Retention durations must not be negative")
	}
	if r.SentMail == 0 {
		r.SentMail = c.Mail.Queue.Retention
	}
	for _, f := range []struct {
		dst *time.Duration
		def time.Duration
	}{{&r.SentEvents, time.Hour}, {&r.SentMail, 7 * 24 * time.Hour},
		{&r.LoginAttempts, 24 * time.Hour}, {&r.HandledEvents, 30 * 24 * time.Hour}} {
		if *f.dst == 0 {
			*f.dst = f.def
		}
	}
	if r.LoginAttempts < 15*time.Minute {
		return errors.New("membership: Retention.LoginAttempts must be at least 15m, the throttling window")
	}
	return nil
}

// pruner is storage that forgets rows older than a time.
type pruner interface {
	DeleteBefore(ctx context.Context, before time.Time) (int, error)
}

// sentPruner is a queue that forgets rows sent before a time.
type sentPruner interface {
	PruneSent(ctx context.Context, before time.Time) (int, error)
}

// cleanup deletes, at once and then every Config.CleanupEvery, the expired
// sessions and tokens, and prunes the sent outbox rows, the sent emails, the
// failed logins and the handled events past their Config.Retention. Times are
// the module's clock: tests that set it keep their tokens. Each deletion is
// counted in membership_cleanup_deleted_total{what}.
func (m *Module) cleanup(ctx context.Context) error {
	r := m.cfg.Retention
	scheduler.Every(ctx, 0, m.cfg.CleanupEvery, func(ctx context.Context) {
		now := m.deps.Clock.Now()
		m.tidy(ctx, "sessions", func() (int, error) { return m.deps.Sessions.DeleteExpired(ctx, now) })
		m.tidy(ctx, "tokens", func() (int, error) { return m.deps.Tokens.DeleteExpired(ctx, now) })
		if p, ok := m.deps.LoginAttempts.(pruner); ok {
			m.tidy(ctx, "login_attempts", func() (int, error) { return p.DeleteBefore(ctx, now.Add(-r.LoginAttempts)) })
		}
		if p, ok := m.deps.HandledEvents.(pruner); ok {
			m.tidy(ctx, "handled_events", func() (int, error) { return p.DeleteBefore(ctx, now.Add(-r.HandledEvents)) })
		}
		if m.sentEvents != nil {
			m.tidy(ctx, "sent_events", func() (int, error) { return m.sentEvents.PruneSent(ctx, now.Add(-r.SentEvents)) })
		}
		if m.sentMail != nil {
			m.tidy(ctx, "sent_mail", func() (int, error) { return m.sentMail.PruneSent(ctx, now.Add(-r.SentMail)) })
		}
	})
	return nil
}

// tidy runs one deletion of the clean-up, logs and counts what it did.
func (m *Module) tidy(ctx context.Context, what string, del func() (int, error)) {
	n, err := del()
	switch {
	case err != nil && ctx.Err() == nil:
		m.logger.Warn("clean-up: delete "+what, "err", err)
		m.metrics.CleanupFailed(what)
	case n > 0:
		m.logger.Debug("clean-up: deleted "+what, "count", n)
		m.metrics.CleanedUp(what, n)
	}
}
