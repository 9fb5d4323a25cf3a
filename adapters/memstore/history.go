package memstore

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// recordChange writes the events a member's change recorded to its history
// and to the transaction's outbox (as bunstore writes member_events and the
// outbox in the change's transaction). The caller holds t.mu.
func recordChange(t *tx, d *data, m *member.Member) error {
	events := m.PullEvents()
	appendHistory(d, m.ID(), events)
	return t.record(events)
}

// appendHistory adds events to a member's history, at their time as bunstore
// stores it.
func appendHistory(d *data, memberID string, events []event.Event) {
	if len(events) == 0 {
		return
	}
	h, _ := d.history.get(memberID)
	h = slices.Clip(h) // never append into a slice the committed table shares
	for _, e := range events {
		h = append(h, ports.HistoryEntry{Name: e.EventName(), Event: e,
			At: storedTime(e.OccurredAt())})
	}
	d.history.put(memberID, h)
}

// MemberHistory reads every member's history; it implements
// ports.MemberHistory.
type MemberHistory struct{ s *Store }

var _ ports.MemberHistory = (*MemberHistory)(nil)

// History returns the member's events, oldest first (the newest limit when
// limit > 0).
func (h *MemberHistory) History(ctx context.Context, memberID string, limit int) ([]ports.HistoryEntry, error) {
	out := []ports.HistoryEntry{}
	err := h.s.read(ctx, true, func(d *data) error {
		all, _ := d.history.get(memberID)
		if limit > 0 && len(all) > limit {
			all = all[len(all)-limit:]
		}
		out = append(out, all...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
