package eventhandler

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// eventKey identifies one occurrence of a member event across redeliveries: its
// EventID, or for events stored before EventID existed, its name, member and time.
func eventKey(eventName string, b member.Base) string {
	if b.EventID != "" {
		return b.EventID
	}
	return eventName + ":" + b.MemberID + ":" + b.At.UTC().Format(time.RFC3339Nano)
}

// once runs a handler's effect unless the ledger says the handler already did it
// for the event key, and records it afterwards; a nil ledger runs it every time.
// It is the one de-duplication of this package (see the package doc). An effect
// that succeeded but could not be recorded may run again: at least once, never
// lost.
func once(ctx context.Context, ledger ports.HandledEvents, handler, key string, at time.Time,
	effect func() error) error {
	if ledger == nil {
		return effect()
	}
	done, err := ledger.Handled(ctx, handler, key)
	if err != nil {
		return fmt.Errorf("%s: %w", handler, err)
	}
	if done {
		return nil
	}
	if err := effect(); err != nil {
		return err
	}
	if err := ledger.MarkHandled(ctx, handler, key, at); err != nil {
		return fmt.Errorf("%s: %w", handler, err)
	}
	return nil
}
