package member

import (
	"time"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/event"
)

// The member's own change of its data (信息变更, issue 13): requested with a
// proof, approved or rejected by a reviewer, or withdrawn by the member.

// InfoChangeRequested means the member asked to change its data; Fields are
// the labels of the fields it changes.
type InfoChangeRequested struct {
	Base
	ChangeID string   `json:"change_id"`
	Fields   []string `json:"fields,omitempty"`
}

// EventName implements event.Event.
func (InfoChangeRequested) EventName() string { return "member.info_change_requested" }

// InfoChangeApproved means a reviewer approved the member's change: its data
// now carries the new values (Base names the member by its new name).
type InfoChangeApproved struct {
	Base
	ChangeID string   `json:"change_id"`
	Fields   []string `json:"fields,omitempty"`
	OldName  string   `json:"old_name,omitempty"` // the name before, when it changed
}

// EventName implements event.Event.
func (InfoChangeApproved) EventName() string { return "member.info_change_approved" }

// InfoChangeRejected means a reviewer rejected the member's change with a reason.
type InfoChangeRejected struct {
	Base
	ChangeID string `json:"change_id"`
	Reason   string `json:"reason"`
}

// EventName implements event.Event.
func (InfoChangeRejected) EventName() string { return "member.info_change_rejected" }

// InfoChangeWithdrawn means the member withdrew its pending change.
type InfoChangeWithdrawn struct {
	Base
	ChangeID string `json:"change_id"`
}

// EventName implements event.Event.
func (InfoChangeWithdrawn) EventName() string { return "member.info_change_withdrawn" }

// registerInfoChangeEvents adds the events of 信息变更 to the registry.
func registerInfoChangeEvents(r event.Registry) {
	r.Register(
		func() event.Event { return &InfoChangeRequested{} },
		func() event.Event { return &InfoChangeApproved{} },
		func() event.Event { return &InfoChangeRejected{} },
		func() event.Event { return &InfoChangeWithdrawn{} },
	)
}

// InfoChange is the data a member asks to change to: the name and the form of
// its kind (the other nil).
type InfoChange struct {
	Name       string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
}

// PreviewInfoChange checks a change with the rules of the member's own form
// (those of the staff's 编辑资料) on a copy of the member and returns the
// profile it would give; the member itself is unchanged. A change that
// changes nothing is refused (ErrNoChange).
func (m *Member) PreviewInfoChange(c InfoChange, now time.Time) (map[string]string, error) {
	cp := Restore(m.Snapshot())
	if _, err := cp.EditByStaff(StaffEdit{Name: c.Name, Enterprise: c.Enterprise, Individual: c.Individual,
		Reason: "信息变更"}, now); err != nil {
		return nil, err
	}
	return cp.Profile(), nil
}

// RequestInfoChange records that the member asked for change changeID.
func (m *Member) RequestInfoChange(changeID string, fields []string, now time.Time) {
	m.Record(InfoChangeRequested{Base: m.base(now), ChangeID: changeID, Fields: fields})
}

// ApplyInfoChange applies an approved change with the rules of the member's
// own form and records InfoChangeApproved; it returns the labels of the
// changed fields. A change that no longer changes anything is refused
// (ErrNoChange). A unique name is the repository's to enforce.
func (m *Member) ApplyInfoChange(changeID string, c InfoChange, now time.Time) ([]string, error) {
	oldName := m.name
	changed, err := m.EditByStaff(StaffEdit{Name: c.Name, Enterprise: c.Enterprise, Individual: c.Individual,
		Reason: "信息变更"}, now)
	if err != nil {
		return nil, err
	}
	m.PullEvents() // the staff edit's Edited: this change is the member's own, approved
	ev := InfoChangeApproved{Base: m.base(now), ChangeID: changeID, Fields: changed}
	if oldName != m.name {
		ev.OldName = oldName
	}
	m.Record(ev)
	return changed, nil
}

// RejectInfoChange records that a reviewer rejected change changeID.
func (m *Member) RejectInfoChange(changeID, reason string, now time.Time) {
	m.Record(InfoChangeRejected{Base: m.base(now), ChangeID: changeID, Reason: reason})
}

// WithdrawInfoChange records that the member withdrew change changeID.
func (m *Member) WithdrawInfoChange(changeID string, now time.Time) {
	m.Record(InfoChangeWithdrawn{Base: m.base(now), ChangeID: changeID})
}
