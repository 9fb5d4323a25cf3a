package membership

import (
	"cmp"
	"context"
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/internal/scheduler"
)

// paymentQueryEvery is how often the lost-notification job looks
// (Config.Alipay.QueryEvery, default 5 minutes; negative: never).
func (m *Module) paymentQueryEvery() time.Duration {
	return cmp.Or(m.cfg.Alipay.QueryEvery, 5*time.Minute)
}

// paymentQueries runs the lost-notification job: every
// Config.Alipay.QueryEvery it asks the gateway about the online orders open
// longer than Config.Alipay.QueryAfter and records the paid ones as their
// notification would have. Any number of instances may run it; the lease lets
// one at a time ask. Nothing runs without a gateway that can be asked.
func (m *Module) paymentQueries(ctx context.Context) error {
	every, job := m.paymentQueryEvery(), m.app.Commands.QueryOpenPayments
	if every < 0 || !job.Enabled() {
		return nil
	}
	holder := scheduler.InstanceID()
	defer func() { // hand the lease over at once
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.QueryOpenPaymentsLease, holder)
	}()
	scheduler.Every(ctx, min(time.Minute, every), every, func(ctx context.Context) {
		res, err := job.Handle(ctx, holder)
		switch {
		case err != nil && ctx.Err() == nil:
			m.logger.Warn("payment query", "err", err, "asked", res.Asked, "recorded", res.Recorded)
		case res.Recorded > 0:
			m.logger.Info("payment query: payments whose notification was lost were recorded",
				"asked", res.Asked, "recorded", res.Recorded)
		}
	})
	return nil
}
