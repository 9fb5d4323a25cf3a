package natsbus

import (
	"context"
	"fmt"
)

// Ready checks that the connection to NATS is up and JetStream answers for
// the event stream (for readiness checks).
func (ps *PubSub) Ready(ctx context.Context) error {
	if !ps.nc.IsConnected() {
		return fmt.Errorf("natsbus: not connected to %s (status %s)", redactURL(ps.cfg.URL), ps.nc.Status())
	}
	if _, err := ps.js.Stream(ctx, ps.cfg.Stream); err != nil {
		return fmt.Errorf("natsbus: stream %s: %w", ps.cfg.Stream, err)
	}
	return nil
}
