package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// memberEventRow is one entry of a member's history (member_events).
type memberEventRow struct {
	bun.BaseModel `bun:"table:member_events"`

	Seq        int64     `bun:"seq,pk,autoincrement"`
	MemberID   string    `bun:"member_id"`
	Name       string    `bun:"name"`
	Payload    string    `bun:"payload"`
	OccurredAt time.Time `bun:"occurred_at"`
	Actor      string    `bun:"actor"`
}

// appendHistory writes the events of a member's change to its history in the
// change's transaction (beside the outbox). Member events carry no secret (a
// reset link's event carries its id, not its token), so they are kept whole.
func appendHistory(ctx context.Context, tx bun.IDB, memberID string, events []event.Event) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]memberEventRow, len(events))
	for i, e := range events {
		payload, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("bunstore: encode history event %s: %w", e.EventName(), err)
		}
		rows[i] = memberEventRow{MemberID: memberID, Name: e.EventName(), Payload: string(payload),
			OccurredAt: storedTime(e.OccurredAt())}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: append member history: %w", err)
	}
	return nil
}

// MemberHistory reads every member's history; it implements
// ports.MemberHistory.
type MemberHistory struct {
	db       *DB
	registry event.Registry
}

var _ ports.MemberHistory = (*MemberHistory)(nil)

// NewMemberHistory returns the reader of the members' histories.
func NewMemberHistory(db *DB) *MemberHistory {
	reg := event.Registry{}
	member.RegisterEvents(reg)
	return &MemberHistory{db: db, registry: reg}
}

// History returns a member's events, oldest first (the newest limit when limit
// > 0). An event this version does not know is returned with its name and a
// nil Event.
func (h *MemberHistory) History(ctx context.Context, memberID string, limit int) ([]ports.HistoryEntry, error) {
	// A prepared statement per limit (the member detail asks it on every
	// view); the limit is written into the statement, as in Recent.
	q := h.db.bun.NewSelect().Model((*memberEventRow)(nil)).Where("member_id = ?", bun.Safe("?")).Order("seq DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	sqlRows, err := h.db.query(ctx, "member_history_"+strconv.Itoa(limit), q.String, memberID)
	if err != nil {
		return nil, fmt.Errorf("bunstore: member history: %w", err)
	}
	var rows []memberEventRow
	if err := h.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, fmt.Errorf("bunstore: member history: %w", err)
	}
	slices.Reverse(rows)
	out := make([]ports.HistoryEntry, len(rows))
	for i, r := range rows {
		out[i] = ports.HistoryEntry{Name: r.Name, At: loadedTime(r.OccurredAt), Actor: r.Actor}
		e, known, err := h.decode(r)
		if err != nil {
			return nil, err
		}
		if known {
			out[i].Event = e
		}
	}
	return out, nil
}

// decode rebuilds the event of a row as a value; known is false for a name
// the registry does not know.
func (h *MemberHistory) decode(r memberEventRow) (e event.Event, known bool, err error) {
	factory, ok := h.registry[r.Name]
	if !ok {
		return nil, false, nil
	}
	ptr := factory()
	if err := json.Unmarshal([]byte(r.Payload), ptr); err != nil {
		return nil, false, fmt.Errorf("bunstore: decode history event %s of %s: %w", r.Name, r.MemberID, err)
	}
	if v := reflect.ValueOf(ptr); v.Kind() == reflect.Pointer {
		if e, ok := v.Elem().Interface().(event.Event); ok {
			return e, true, nil
		}
	}
	return ptr, true, nil
}
