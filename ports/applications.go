package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// ApplicationFilter selects applications for the staff review queue.
type ApplicationFilter struct {
	// Status is StatusSubmitted (waiting for review, oldest submission first),
	// StatusRejected (returned, latest rejection first) or StatusApproved (every
	// approved application whatever the member's later status, latest first).
	Status member.Status
	Kind   member.Kind // empty for both kinds
	Limit  int
	Offset int
}

// ApplicationCounts are the sizes of the review queue's tabs.
type ApplicationCounts struct {
	Submitted int // waiting for review
	Rejected  int // returned to the member, not yet resubmitted
	Approved  int // approved (whatever happened to the member since)
}

// ApplicationIndex is the read side of the review queue: members with an
// application, listed and counted by the state of their application.
type ApplicationIndex interface {
	// ListApplications returns one page of matching members (with their
	// applications) and the number of all matches.
	ListApplications(ctx context.Context, f ApplicationFilter) ([]*member.Member, int, error)
	// CountApplications returns the counts per queue.
	CountApplications(ctx context.Context) (ApplicationCounts, error)
}

// NotificationRepository keeps the in-portal notifications (通知提醒).
type NotificationRepository interface {
	// Add stores a notification unless one with the same Key exists; it reports
	// whether it was stored, so that a redelivered event adds nothing.
	Add(ctx context.Context, n notification.Notification) (bool, error)
	// ListForMember returns a member's notifications, newest first, and how many
	// the member has in all.
	ListForMember(ctx context.Context, memberID string, limit, offset int) ([]notification.Notification, int, error)
	// Recent returns a member's latest notifications, newest first, and how many
	// of all the member's notifications are unread — what every portal page shows,
	// so it is one cheap call.
	Recent(ctx context.Context, memberID string, limit int) ([]notification.Notification, int, error)
	// CountUnread returns how many of a member's notifications are unread.
	CountUnread(ctx context.Context, memberID string) (int, error)
	// MarkRead marks a member's notifications read at a time: those listed by id,
	// or all when ids is empty. Ids of other members are ignored. It reports how
	// many changed.
	MarkRead(ctx context.Context, memberID string, ids []string, at time.Time) (int, error)
}

// HandledEvents remembers which events an event handler already handled, so that
// handlers with effects outside the database (email) skip redeliveries.
type HandledEvents interface {
	// Handled reports whether the handler recorded the event key.
	Handled(ctx context.Context, handler, key string) (bool, error)
	// MarkHandled records the event key for the handler; recording it twice is
	// not an error.
	MarkHandled(ctx context.Context, handler, key string, at time.Time) error
}
