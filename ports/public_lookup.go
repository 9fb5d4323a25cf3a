package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/member"
)

// PublicMember is what 会员查询 may show of a member: the public fields only,
// nothing private (no email, phone, contact, USCC or address).
type PublicMember struct {
	ID         string
	Number     string
	Name       string
	Kind       member.Kind
	Level      member.Level
	Status     member.Status
	ValidFrom  time.Time // calendar day (midnight UTC), zero without a validity
	ValidUntil time.Time // calendar day (midnight UTC), zero without a validity
}

// PublicLookup finds members for the public 会员查询 and the card's
// verification: exact matches only, never a search.
type PublicLookup interface {
	// LookupPublic returns the members that have a member number and whose
	// number is number, or whose registered name (of either kind) is name, or
	// (enterprises) whose application form's USCC is uscc — empty arguments
	// match nothing — at most limit of them, ordered by number. Each of the
	// three is answered from an index.
	LookupPublic(ctx context.Context, number, name, uscc string, limit int) ([]PublicMember, error)
}
