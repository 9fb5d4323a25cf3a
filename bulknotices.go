package membership

import (
	"cmp"
	"context"
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/internal/scheduler"
)

// bulkNotices runs the bulk notices' (群发通知) dispatcher every
// Config.BulkNotices.Every (default 1 s): each round delivers batches of
// pending recipients within the send rate until none is left or the rate
// holds them back. Any number of instances may run it; the lease lets one at
// a time deliver.
func (m *Module) bulkNotices(ctx context.Context) error {
	every := cmp.Or(m.cfg.BulkNotices.Every, time.Second)
	if every < 0 {
		return nil
	}
	holder := scheduler.InstanceID()
	defer func() { // hand the lease over at once
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.BulkNoticesLease, holder)
	}()
	scheduler.Every(ctx, every, every, func(ctx context.Context) {
		for ctx.Err() == nil {
			res, err := m.app.Commands.DispatchBulkNotices.Handle(ctx, holder)
			if err != nil {
				if ctx.Err() == nil {
					m.logger.Warn("bulk notices", "err", err, "campaign", res.Campaign)
				}
				return
			}
			if res.Delivered+res.Failed == 0 || res.Limited {
				return
			}
		}
	})
	return nil
}
