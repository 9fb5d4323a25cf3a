// Package watermillbus carries domain events from the outbox to event handlers
// through Watermill.
//
// # Flow
//
// Repositories write the events an aggregate recorded into an outbox inside the
// business transaction (bunstore.EventOutbox). Something then moves committed
// outbox entries onto the bus, and the Bus decodes each message back into its
// event and calls every handler subscribed to that event:
//
//   - SQLite (the embedded default): a Relay polls the outbox_messages table,
//     publishes unsent rows outside any transaction, then marks them sent.
//   - PostgreSQL: PostgresOutbox writes the events through watermill-sql on the
//     caller's transaction, and PostgresForwarder (Watermill's forwarder
//     component) moves them to the bus.
//
// The topic of a message is the event name; its payload is the event's JSON and its
// metadata carries the name under MetadataEventName. Each handler is its own
// Watermill router handler with its own name, so a broker with consumer groups
// (NATS, later) gives each handler its own durable consumer.
//
// # Delivery guarantees
//
// Nothing is emitted for a rolled-back transaction: events are stored in the same
// transaction as the change that caused them.
//
// Delivery is at least once. A committed event reaches every handler subscribed to
// its name, possibly more than once: the relay may crash between publishing and
// marking a row sent; the PostgreSQL forwarder forwards a message again when it
// stopped (or its ack deadline passed) before its ack was stored; and the bus
// redelivers a message whose handler failed. Handlers must
// therefore be idempotent; MessageID gives them the message UUID, which is stable
// across redeliveries of the same event and suits deduplication.
//
// A handler that returns an error (or panics) is retried with exponential backoff
// (Config.Retry); once the retries are exhausted the message is nacked and
// delivered again, so it is never dropped: an email handler failing because the
// SMTP server is down keeps retrying until the server is back. The only messages
// acknowledged without a successful handler run are those that cannot be decoded
// (they are logged at error level), because no retry could ever succeed.
//
// With the default in-process GoChannel, publishing blocks until every handler of
// the topic has acknowledged the message, which is what lets the relay mark a row
// sent only once its handlers succeeded. The price is head-of-line blocking: while a
// handler keeps failing, the relay waits and later events wait with it. A publish
// to a topic without handlers returns at once, so such events are marked sent. The
// bus publisher waits until the Bus runs (so no event is published before its
// handlers subscribed) and reports an error when the Bus stopped during the publish
// (so the row stays unsent and is delivered after the restart).
//
// Typed adapts a handler of one concrete event type to HandlerFunc.
//
// Ordering is not guaranteed across handlers, nor after a redelivery.
package watermillbus
