package watermillbus

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/internal/outbox"
)

// Metadata keys set on every event message.
const (
	// MetadataEventName holds event.EventName(); it equals the topic.
	MetadataEventName = "event_name"
	// MetadataOccurredAt holds event.OccurredAt() in RFC 3339, in UTC to the
	// microsecond (outbox.OccurredAt), whichever outbox carried the event.
	MetadataOccurredAt = "occurred_at"
)

// ErrUnknownEvent is returned when decoding a message whose event name is not in
// the registry.
var ErrUnknownEvent = errors.New("watermillbus: unknown event")

// Codec turns domain events into Watermill messages and back. Decoding needs the
// registry of event factories; encoding does not.
type Codec struct {
	registry event.Registry
}

// NewCodec returns a codec decoding the events listed in reg.
func NewCodec(reg event.Registry) *Codec {
	return &Codec{registry: reg}
}

// Encode returns a message with a new UUID, the event's JSON as payload and its
// name and time in the metadata: the message of outbox.NewEntry's entry, as the
// relay sends the rows of the SQLite outbox.
func Encode(e event.Event) (*message.Message, error) {
	entry, err := outbox.NewEntry(e)
	if err != nil {
		return nil, err
	}
	return entryMessage(entry), nil
}

// entryMessage is the message of an outbox entry, keeping its UUID.
func entryMessage(entry outbox.Entry) *message.Message {
	msg := message.NewMessage(entry.UUID, entry.Payload)
	msg.Metadata.Set(MetadataEventName, entry.Name)
	msg.Metadata.Set(MetadataOccurredAt, entry.OccurredAt.Format(time.RFC3339Nano))
	return msg
}

// Encode is the package-level Encode, for symmetry with Decode.
func (c *Codec) Encode(e event.Event) (*message.Message, error) { return Encode(e) }

// Decode rebuilds the event a message carries, using its MetadataEventName. An
// event name missing from the registry is an ErrUnknownEvent.
//
// The event comes back as the type the aggregate recorded: when the registered
// factory returns a pointer (&member.Registered{}) whose element type is itself an
// event, Decode returns the element value (member.Registered).
func (c *Codec) Decode(msg *message.Message) (event.Event, error) {
	return c.decode(msg.Metadata.Get(MetadataEventName), msg.Payload)
}

// Knows reports whether the registry can decode an event name.
func (c *Codec) Knows(name string) bool {
	_, ok := c.registry[name]
	return ok
}

func (c *Codec) decode(name string, payload []byte) (event.Event, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: message has no %s metadata", ErrUnknownEvent, MetadataEventName)
	}
	factory, ok := c.registry[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownEvent, name)
	}
	typ := reflect.TypeOf(factory())
	if typ == nil {
		return nil, fmt.Errorf("decode event %q: factory returned nil", name)
	}
	elem := typ
	if typ.Kind() == reflect.Pointer {
		elem = typ.Elem()
	}
	ptr := reflect.New(elem)
	if err := json.Unmarshal(payload, ptr.Interface()); err != nil {
		return nil, fmt.Errorf("decode event %q: %w", name, err)
	}
	if e, ok := ptr.Elem().Interface().(event.Event); ok {
		return e, nil
	}
	e, ok := ptr.Interface().(event.Event)
	if !ok {
		return nil, fmt.Errorf("decode event %q: %s is not an event", name, typ)
	}
	return e, nil
}
