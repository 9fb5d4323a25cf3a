package member

import (
	"time"

	"github.com/openassoc/membership/core/domain/event"
)

// Levels lists the member levels, ordinary first (individuals are 会员).
func Levels() []Level {
	return []Level{LevelOrdinary, LevelCouncil, LevelStandingCouncil, LevelVicePresident, LevelIndividual}
}

// JoinedAt is when the member joined the association: the approval of its
// application (the day its member number was assigned); zero before.
func (s Snapshot) JoinedAt() time.Time { return s.Application.ApprovedAt }

// ForHistory returns the form of an event kept in a member's history (the
// timeline staff read): the event without what only its addressee may use — the
// id of a reset link (under which the link's raw token waits for its email). Other events are returned as they are.
func ForHistory(e event.Event) event.Event {
	switch x := e.(type) {
	case PasswordResetRequested:
		x.LinkID = ""
		return x
	case *PasswordResetRequested:
		c := *x
		c.LinkID = ""
		return c
	}
	return e
}
