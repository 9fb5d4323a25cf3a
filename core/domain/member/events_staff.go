package member

import "github.com/openassoc/membership/core/domain/event"

// Edited means the staff changed the member's data (account name or
// application form) with a reason; Fields are the labels of the fields that
// changed (the values are in the audit log).
type Edited struct {
	Base
	Reason string   `json:"reason"`
	Fields []string `json:"fields,omitempty"`
}

// EventName implements event.Event.
func (Edited) EventName() string { return "member.edited" }

// Created means the staff entered a member by hand (one that joined on
// paper); Number is its member number, empty when none was given.
type Created struct {
	Base
	Number string `json:"number,omitempty"`
	Status Status `json:"status"`
}

// EventName implements event.Event.
func (Created) EventName() string { return "member.created" }

// LevelChanged means the member's level changed (理事 …) by a decision with a
// document number (文号); the new level applies from the next fee.
type LevelChanged struct {
	Base
	From   Level  `json:"from"`
	To     Level  `json:"to"`
	DocNo  string `json:"doc_no"`
	Reason string `json:"reason"`
}

// EventName implements event.Event.
func (LevelChanged) EventName() string { return "member.level_changed" }

// MembershipSuspended means the staff suspended the membership (暂停).
type MembershipSuspended struct {
	Base
	Reason string `json:"reason"`
}

// EventName implements event.Event.
func (MembershipSuspended) EventName() string { return "member.membership_suspended" }

// MembershipReinstated means a suspension ended; Status is the status the
// member returned to (active, expiring or lapsed).
type MembershipReinstated struct {
	Base
	Reason string `json:"reason"`
	Status Status `json:"status"`
}

// EventName implements event.Event.
func (MembershipReinstated) EventName() string { return "member.membership_reinstated" }

// Withdrew means the member left the association (退会), at its request
// (ByRequest) or by the association's decision.
type Withdrew struct {
	Base
	Reason    string `json:"reason"`
	ByRequest bool   `json:"by_request,omitempty"`
}

// EventName implements event.Event.
func (Withdrew) EventName() string { return "member.withdrew" }

// registerStaffEvents adds the events of the staff's changes to the registry.
func registerStaffEvents(r event.Registry) {
	r.Register(
		func() event.Event { return &Edited{} },
		func() event.Event { return &Created{} },
		func() event.Event { return &LevelChanged{} },
		func() event.Event { return &MembershipSuspended{} },
		func() event.Event { return &MembershipReinstated{} },
		func() event.Event { return &Withdrew{} },
		// 导入老会员 (imported.go).
		func() event.Event { return &Imported{} },
		func() event.Event { return &ImportUndone{} },
	)
}
