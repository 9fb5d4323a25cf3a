package watermillbus

import "context"

type messageIDKey struct{}

// MessageID returns the UUID of the message being handled, or "" outside a bus
// handler. The UUID is the same on every redelivery of one event, so idempotent
// handlers can record it to skip duplicates.
func MessageID(ctx context.Context) string {
	id, _ := ctx.Value(messageIDKey{}).(string)
	return id
}

// WithMessageID returns a context carrying a message UUID, as the bus sets it for
// handlers; handler tests use it to simulate a delivery.
func WithMessageID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, messageIDKey{}, id)
}
