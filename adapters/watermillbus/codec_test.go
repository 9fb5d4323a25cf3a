package watermillbus_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
)

func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	codec := watermillbus.NewCodec(registry())
	tests := []event.Event{
		registered("m1"),
		member.ApplicationRejected{Base: registered("m2").Base, Reason: "missing ID scan"},
		member.MembershipApproved{Base: registered("m3").Base, Number: "2025-0007", DocNo: "D-12",
			ValidFrom: at, ValidUntil: at.AddDate(1, 0, 0)},
	}
	for _, e := range tests {
		t.Run(e.EventName(), func(t *testing.T) {
			t.Parallel()
			msg, err := watermillbus.Encode(e)
			require.NoError(t, err)
			assert.NotEmpty(t, msg.UUID)
			assert.Equal(t, e.EventName(), msg.Metadata.Get(watermillbus.MetadataEventName))
			assert.Equal(t, at.Format(time.RFC3339Nano), msg.Metadata.Get(watermillbus.MetadataOccurredAt))
			assert.JSONEq(t, mustJSON(t, e), string(msg.Payload))

			got, err := codec.Decode(msg)
			require.NoError(t, err)
			assert.Equal(t, e, got, "decoded as the recorded (value) type")
		})
	}
}

func TestEncodeGivesEachMessageItsOwnUUID(t *testing.T) {
	t.Parallel()
	a, err := watermillbus.Encode(registered("m1"))
	require.NoError(t, err)
	b, err := watermillbus.Encode(registered("m1"))
	require.NoError(t, err)
	assert.NotEqual(t, a.UUID, b.UUID)
}

func TestCodecDecodeErrors(t *testing.T) {
	t.Parallel()
	codec := watermillbus.NewCodec(registry())
	tests := []struct {
		name, eventName, payload string
		unknown                  bool
	}{
		{"unknown event name", "member.teleported", `{}`, true},
		{"no event name", "", `{}`, true},
		{"malformed payload", "member.registered", `{"member_id": 7}`, false},
		{"not json", "member.registered", `nope`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			msg := message.NewMessage("uuid-1", []byte(tt.payload))
			if tt.eventName != "" {
				msg.Metadata.Set(watermillbus.MetadataEventName, tt.eventName)
			}
			_, err := codec.Decode(msg)
			require.Error(t, err)
			assert.Equal(t, tt.unknown, errorsIs(err, watermillbus.ErrUnknownEvent), err.Error())
		})
	}
}

func TestTypedAcceptsValueAndPointer(t *testing.T) {
	t.Parallel()
	e := registered("m1")
	var byValue, byPointer string
	value := watermillbus.Typed(func(_ context.Context, e member.Registered) error { byValue = e.MemberID; return nil })
	pointer := watermillbus.Typed(func(_ context.Context, e *member.Registered) error { byPointer = e.MemberID; return nil })

	require.NoError(t, value(context.Background(), &e))
	require.NoError(t, pointer(context.Background(), e))
	assert.Equal(t, "m1", byValue)
	assert.Equal(t, "m1", byPointer)

	err := value(context.Background(), member.PaymentClaimed(e))
	assert.ErrorContains(t, err, "expects member.Registered, got member.PaymentClaimed")
}

func TestMessageIDOutsideHandlerIsEmpty(t *testing.T) {
	t.Parallel()
	assert.Empty(t, watermillbus.MessageID(context.Background()))
	assert.Equal(t, "abc", watermillbus.MessageID(watermillbus.WithMessageID(context.Background(), "abc")))
}
