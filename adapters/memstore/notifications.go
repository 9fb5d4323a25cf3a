package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// NotificationRepository stores notifications; it implements
// ports.NotificationRepository. Its writes run in transactions of their own, as
// bunstore's do.
type NotificationRepository struct{ s *Store }

var _ ports.NotificationRepository = (*NotificationRepository)(nil)

// Add stores a notification unless its key is taken and reports whether it did.
// The member must exist (a reference, as in the database).
func (r *NotificationRepository) Add(ctx context.Context, n notification.Notification) (bool, error) {
	n.CreatedAt, n.ReadAt = storedTime(n.CreatedAt), storedTime(n.ReadAt)
	added := false
	err := r.s.write(ctx, false, "NotificationRepository.Add", func(d *data) error {
		if d.notificationKeys.has(notNull(n.Key)) {
			return nil
		}
		if d.notifications.has(n.ID) {
			return errConstraint("notifications.id %q exists", n.ID)
		}
		if !d.members.has(n.MemberID) {
			return errConstraint("notification of a missing member %q", n.MemberID)
		}
		d.notificationKeys.put(notNull(n.Key), n.ID)
		d.notifications.put(n.ID, n)
		added = true
		return nil
	})
	return added, err
}

// forMember returns a member's notifications, newest first (created_at, then id).
func forMember(d *data, memberID string) []notification.Notification {
	var out []notification.Notification
	for _, n := range d.notifications.all() {
		if n.MemberID == memberID {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b notification.Notification) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	return out
}

// ListForMember returns one page of a member's notifications, newest first, and
// how many the member has.
func (r *NotificationRepository) ListForMember(ctx context.Context, memberID string, limit, offset int) ([]notification.Notification, int, error) {
	var (
		out   []notification.Notification
		total int
	)
	err := r.s.read(ctx, false, func(d *data) error {
		all := forMember(d, memberID)
		total = len(all)
		out = append([]notification.Notification{}, page(all, limit, offset)...)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Recent returns a member's latest notifications (all when limit ≤ 0) and how
// many of all the member's notifications are unread.
func (r *NotificationRepository) Recent(ctx context.Context, memberID string, limit int) ([]notification.Notification, int, error) {
	var (
		out    []notification.Notification
		unread int
	)
	err := r.s.read(ctx, false, func(d *data) error {
		all := forMember(d, memberID)
		for _, n := range all {
			if n.Unread() {
				unread++
			}
		}
		out = append([]notification.Notification{}, page(all, limit, 0)...)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, unread, nil
}

// CountUnread counts a member's unread notifications.
func (r *NotificationRepository) CountUnread(ctx context.Context, memberID string) (int, error) {
	n := 0
	err := r.s.read(ctx, false, func(d *data) error {
		for _, x := range d.notifications.all() {
			if x.MemberID == memberID && x.Unread() {
				n++
			}
		}
		return nil
	})
	return n, err
}

// MarkRead marks a member's unread notifications read at a time: those listed
// by id, or all when ids is empty. It reports how many changed.
func (r *NotificationRepository) MarkRead(ctx context.Context, memberID string, ids []string, at time.Time) (int, error) {
	at = storedTime(at)
	changed := 0
	err := r.s.write(ctx, false, "NotificationRepository.MarkRead", func(d *data) error {
		for _, id := range d.notifications.where(func(id string, n notification.Notification) bool {
			return n.MemberID == memberID && n.Unread() && (len(ids) == 0 || slices.Contains(ids, id))
		}) {
			n, _ := d.notifications.get(id)
			n.ReadAt = at
			d.notifications.put(id, n)
			changed++
		}
		return nil
	})
	return changed, err
}

// HandledEvents is the ledger of events handlers already handled; it implements
// ports.HandledEvents.
type HandledEvents struct{ s *Store }

var _ ports.HandledEvents = (*HandledEvents)(nil)

// Handled reports whether the handler recorded the key.
func (h *HandledEvents) Handled(ctx context.Context, handler, key string) (bool, error) {
	var ok bool
	err := h.s.read(ctx, false, func(d *data) error {
		ok = d.handled.has(handledKey{handler, key})
		return nil
	})
	return ok, err
}

// MarkHandled records the key; a second record is ignored (the first time is
// kept).
func (h *HandledEvents) MarkHandled(ctx context.Context, handler, key string, at time.Time) error {
	return h.s.write(ctx, false, "HandledEvents.MarkHandled", func(d *data) error {
		if k := (handledKey{handler, key}); !d.handled.has(k) {
			d.handled.put(k, storedTime(at))
		}
		return nil
	})
}
