package member

import (
	"time"

	"github.com/openassoc/membership/core/domain/event"
)

// CouncilFormReturned means the staff returned one of the member's council
// forms (完善理事资料) with a reason: the member is told in the portal and by
// email, the email addressed also to the council's 联系人信息 (ContactEmail,
// empty when none is saved), the person council mail goes to.
type CouncilFormReturned struct {
	Base
	FormID       string `json:"form_id"`
	Form         string `json:"form"` // the form's title, e.g. 理事会副会长候选人推荐登记表
	Reason       string `json:"reason"`
	ContactEmail string `json:"contact_email,omitempty"`
}

// EventName implements event.Event.
func (CouncilFormReturned) EventName() string { return "member.council_form_returned" }

// ReturnCouncilForm records that the staff returned a council form. The
// member's own state does not change: the form lives in the council store.
func (m *Member) ReturnCouncilForm(formID, form, reason, contactEmail string, now time.Time) {
	m.Record(CouncilFormReturned{Base: m.base(now), FormID: formID, Form: form, Reason: reason,
		ContactEmail: contactEmail})
}

// registerCouncilEvents adds the council's events to the registry.
func registerCouncilEvents(r event.Registry) {
	r.Register(func() event.Event { return &CouncilFormReturned{} })
}
