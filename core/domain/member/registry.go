package member

import "time"

// Levels lists the member levels, ordinary first (individuals are 会员).
func Levels() []Level {
	return []Level{LevelOrdinary, LevelCouncil, LevelStandingCouncil, LevelVicePresident, LevelPresident,
		LevelIndividual}
}

// JoinedAt is when the member joined the association: the approval of its
// application (the day its member number was assigned); zero before.
func (s Snapshot) JoinedAt() time.Time { return s.Application.ApprovedAt }
