package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// MemberNotifications asks for a page of the member's own notifications (通知提醒).
type MemberNotifications struct {
	Principal access.Principal
	Limit     int // default 20, at most 100
	Offset    int
}

// NotificationItem is one notification as shown.
type NotificationItem struct {
	ID        string
	Category  notification.Category
	Text      string
	CreatedAt time.Time
	Read      bool
}

// NotificationList is a page of notifications, newest first.
type NotificationList struct {
	Items  []NotificationItem
	Total  int
	Unread int
}

// MemberNotificationsHandler lists a member's notifications.
type MemberNotificationsHandler struct {
	notifications ports.NotificationRepository
}

// NewMemberNotificationsHandler builds the handler.
func NewMemberNotificationsHandler(notifications ports.NotificationRepository) *MemberNotificationsHandler {
	return &MemberNotificationsHandler{notifications: notifications}
}

// Handle returns the page; a member only ever sees its own notifications.
func (h *MemberNotificationsHandler) Handle(ctx context.Context, q MemberNotifications) (NotificationList, error) {
	if err := access.Authorize(nil, q.Principal, access.ReadOwnNotifications, q.Principal.ID); err != nil {
		return NotificationList{}, err
	}
	if q.Limit <= 0 {
		q.Limit = DefaultPageSize
	}
	return listNotifications(ctx, h.notifications, q.Principal.ID, min(q.Limit, MaxPageSize), max(q.Offset, 0))
}

func listNotifications(ctx context.Context, repo ports.NotificationRepository, memberID string, limit, offset int) (NotificationList, error) {
	ns, total, err := repo.ListForMember(ctx, memberID, limit, offset)
	if err != nil {
		return NotificationList{}, apperr.Internal(err)
	}
	unread, err := repo.CountUnread(ctx, memberID)
	if err != nil {
		return NotificationList{}, apperr.Internal(err)
	}
	out := NotificationList{Total: total, Unread: unread, Items: make([]NotificationItem, len(ns))}
	for i, n := range ns {
		out.Items[i] = NotificationItem{ID: n.ID, Category: n.Category, Text: n.Text, CreatedAt: n.CreatedAt, Read: !n.Unread()}
	}
	return out, nil
}
