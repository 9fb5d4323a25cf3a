package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// MarkNotificationsRead marks the member's own notifications read: those listed,
// or all when IDs is empty.
type MarkNotificationsRead struct {
	Principal access.Principal
	IDs       []string
}

// maxMarkIDs bounds one request.
const maxMarkIDs = 200

// MarkNotificationsReadHandler marks notifications read.
type MarkNotificationsReadHandler struct {
	notifications ports.NotificationRepository
	clock         ports.Clock
}

// NewMarkNotificationsReadHandler builds the handler.
func NewMarkNotificationsReadHandler(notifications ports.NotificationRepository, clock ports.Clock) *MarkNotificationsReadHandler {
	return &MarkNotificationsReadHandler{notifications: notifications, clock: clock}
}

// Handle marks the notifications and returns how many changed. Ids of other
// members' notifications are ignored (ownership).
func (h *MarkNotificationsReadHandler) Handle(ctx context.Context, cmd MarkNotificationsRead) (int, error) {
	if err := access.Authorize(nil, cmd.Principal, access.MarkOwnNotificationsRead, cmd.Principal.ID); err != nil {
		return 0, err
	}
	if len(cmd.IDs) > maxMarkIDs {
		var v apperr.Validation
		v.Add("ids", "too_many", "一次最多标记200条通知")
		return 0, v.Err()
	}
	n, err := h.notifications.MarkRead(ctx, cmd.Principal.ID, cmd.IDs, h.clock.Now())
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return n, nil
}
