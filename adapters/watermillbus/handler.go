package watermillbus

import (
	"context"
	"fmt"
	"reflect"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/openassoc/membership/core/domain/event"
)

// HandlerFunc handles one event. Returning an error retries it, then redelivers it.
// It may run more than once for one event: use MessageID(ctx) to deduplicate.
type HandlerFunc func(ctx context.Context, e event.Event) error

// Typed adapts a handler of one concrete event type, accepting the event as value
// or pointer whichever the handler asks for. Another type is an error.
func Typed[E event.Event](fn func(ctx context.Context, e E) error) HandlerFunc {
	return func(ctx context.Context, e event.Event) error {
		if v, ok := e.(E); ok {
			return fn(ctx, v)
		}
		rv := reflect.ValueOf(e)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			if v, ok := rv.Elem().Interface().(E); ok {
				return fn(ctx, v)
			}
		} else if rv.IsValid() {
			p := reflect.New(rv.Type())
			p.Elem().Set(rv)
			if v, ok := p.Interface().(E); ok {
				return fn(ctx, v)
			}
		}
		var want E
		return fmt.Errorf("watermillbus: handler expects %T, got %T", want, e)
	}
}

// busPublisher is the publisher a Bus hands to relays: see Bus.Publisher.
type busPublisher struct{ b *Bus }

// Publish waits for the bus to run, publishes, and reports ErrClosed if the bus
// stopped meanwhile, as handlers may then not have processed the messages.
func (p busPublisher) Publish(topic string, msgs ...*message.Message) error {
	select {
	case <-p.b.Running():
	case <-p.b.closed:
		return ErrClosed
	}
	if p.b.stopping() {
		return ErrClosed
	}
	if err := p.b.pub.Publish(topic, msgs...); err != nil {
		return err
	}
	if p.b.stopping() {
		return fmt.Errorf("%w before handlers acknowledged %d message(s) on %q", ErrClosed, len(msgs), topic)
	}
	return nil
}

// Close does nothing: the Bus owns the underlying publisher.
func (busPublisher) Close() error { return nil }
