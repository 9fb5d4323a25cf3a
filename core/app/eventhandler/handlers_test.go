package eventhandler_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// pick returns the handler named name from hs.
func pick(t *testing.T, hs []eventhandler.Handler, name string) eventhandler.Handler {
	t.Helper()
	for _, h := range hs {
		if h.Name == name {
			return h
		}
	}
	require.FailNow(t, "no handler", name)
	return eventhandler.Handler{}
}

// pointerTo returns a pointer to a copy of ev, as a decoder may deliver it.
func pointerTo(ev event.Event) event.Event {
	p := reflect.New(reflect.TypeOf(ev))
	p.Elem().Set(reflect.ValueOf(ev))
	return p.Interface().(event.Event)
}

// addLog is a NotificationRepository that keeps every Add, so that only the
// handlers' own de-duplication is seen.
type addLog struct{ added []notification.Notification }

func (a *addLog) Add(_ context.Context, n notification.Notification) (bool, error) {
	a.added = append(a.added, n)
	return true, nil
}
func (a *addLog) ListForMember(context.Context, string, int, int) ([]notification.Notification, int, error) {
	return nil, 0, nil
}
func (a *addLog) CountUnread(context.Context, string) (int, error) { return 0, nil }
func (a *addLog) Recent(context.Context, string, int) ([]notification.Notification, int, error) {
	return nil, 0, nil
}
func (a *addLog) MarkRead(context.Context, string, []string, time.Time) (int, error) { return 0, nil }

// brokenLedger forgets: it never finds an event and cannot record one.
type brokenLedger struct{}

func (brokenLedger) Handled(context.Context, string, string) (bool, error) { return false, nil }
func (brokenLedger) MarkHandled(context.Context, string, string, time.Time) error {
	return errors.New("database is locked")
}

// samplesOf returns the samples of the event a handler reacts to; every
// handler must have one.
func samplesOf(t *testing.T, h eventhandler.Handler) []sample {
	t.Helper()
	var out []sample
	for _, s := range samples() {
		if s.ev.EventName() == h.Event {
			out = append(out, s)
		}
	}
	require.NotEmpty(t, out, "no sample event for %s (%s)", h.Name, h.Event)
	return out
}

// TestEveryHandlerActsOncePerEvent delivers each event three times (as a value,
// as a pointer, as a value again) to every handler: each sends its email or
// stores its notification once, through the ledger.
func TestEveryHandlerActsOncePerEvent(t *testing.T) {
	t.Parallel()
	for _, h := range allHandlers(&outbox{}, &notes{}) {
		for _, s := range samplesOf(t, h) {
			box, log, seen := &outbox{}, &addLog{}, ledger{}
			hs := eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Notifications: log, HandledEvents: seen,
				Tokens: sampleLinks(false)}, site)
			again := pick(t, hs, h.Name)
			for _, delivery := range []event.Event{s.ev, pointerTo(s.ev), s.ev} {
				require.NoError(t, again.Handle(context.Background(), delivery), "%s (%s)", h.Name, s.label)
			}
			assert.Equal(t, 1, len(box.sent)+len(log.added), "%s (%s): one effect", h.Name, s.label)
			assert.Len(t, seen, 1, "%s (%s): recorded once", h.Name, s.label)
		}
	}
}

// TestEffectsCarryTheSameKeyOnRedelivery: when the ledger cannot record a
// handled event, the bus redelivers it and the effect runs again; the email and
// the notification then carry the key of the first run, so the mail queue and
// the notification store keep one.
func TestEffectsCarryTheSameKeyOnRedelivery(t *testing.T) {
	t.Parallel()
	for _, h := range allHandlers(&outbox{}, &notes{}) {
		for _, s := range samplesOf(t, h) {
			box, log := &outbox{}, &addLog{}
			// The reset link is kept as a crash after queueing its email would
			// leave it (TestResetLinkEmailUsesTheLinkOnce covers its removal).
			hs := eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Notifications: log,
				HandledEvents: brokenLedger{}, Tokens: sampleLinks(true)}, site)
			again := pick(t, hs, h.Name)
			for range 2 {
				require.ErrorContains(t, again.Handle(context.Background(), s.ev), "database is locked")
			}
			var keys []string
			for _, m := range box.sent {
				keys = append(keys, m.Key)
			}
			for _, n := range log.added {
				keys = append(keys, n.Key)
			}
			require.Len(t, keys, 2, "%s (%s)", h.Name, s.label)
			assert.NotEmpty(t, keys[0])
			assert.Equal(t, keys[0], keys[1], "%s (%s)", h.Name, s.label)
		}
	}
}

func TestAllListsNamedHandlersOfKnownEvents(t *testing.T) {
	t.Parallel()
	known := event.Registry{}
	member.RegisterEvents(known)
	hs := allHandlers(&outbox{}, &notes{})
	names := map[string]bool{}
	for _, h := range hs {
		assert.NotEmpty(t, h.Name)
		assert.False(t, names[h.Name], "handler names are unique: %s", h.Name)
		names[h.Name] = true
		assert.Contains(t, known, h.Event, h.Name)
	}
	assert.Len(t, hs, 26+4+2+4) // + 信息变更: approved and rejected, email and notification; + 完善理事资料's return; + 企业投稿's decisions

	mailOnly := eventhandler.All(eventhandler.Deps{Tokens: &tokenLog{}, Clock: linkClock, Mailer: &outbox{}}, site)
	assert.Len(t, mailOnly, 16+2+1+2, "without a notification store, no notification handlers")
	for _, h := range mailOnly {
		assert.NotContains(t, h.Name, "notify")
	}
}

func TestOnTakesValuesAndPointersOfItsEventOnly(t *testing.T) {
	t.Parallel()
	var got []string
	h := eventhandler.On("audit_registered", func(_ context.Context, ev member.Registered) error {
		got = append(got, ev.MemberID)
		return nil
	})
	assert.Equal(t, "audit_registered", h.Name)
	assert.Equal(t, "member.registered", h.Event)
	require.NoError(t, h.Handle(context.Background(), member.Registered{Base: member.Base{MemberID: "m1"}}))
	require.NoError(t, h.Handle(context.Background(), &member.Registered{Base: member.Base{MemberID: "m2"}}))
	assert.Equal(t, []string{"m1", "m2"}, got)
	err := h.Handle(context.Background(), member.PasswordChanged{})
	assert.ErrorContains(t, err, "audit_registered: unexpected member.PasswordChanged")
	assert.Error(t, h.Handle(context.Background(), (*member.Registered)(nil)))
}
