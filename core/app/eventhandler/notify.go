package eventhandler

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// notifyOn is the handler named name that stores, once per event (see once), the
// notification in category c that compose makes of each E: the event's member
// and the text.
func notifyOn[E event.Event](r *reactions, name string, c notification.Category,
	compose func(E) (member.Base, string)) Handler {
	return On(name, func(ctx context.Context, ev E) error {
		b, text := compose(ev)
		key := eventKey(ev.EventName(), b)
		return once(ctx, r.deps.HandledEvents, name, key, b.At, func() error {
			n, err := notification.New(b.MemberID, ev.EventName()+":"+key, c, text, b.At)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if _, err := r.deps.Notifications.Add(ctx, n); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	})
}

func subjectOf(b member.Base) string {
	return notification.Subject(b.Kind == member.Individual, b.Name)
}

func paymentSubjectOf(b member.Base) string {
	return notification.PaymentSubject(b.Kind == member.Individual, b.Name)
}
