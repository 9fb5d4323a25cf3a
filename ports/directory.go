package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// FilterNone is the value of the province, industry and joined-year filters
// that selects the members who have none (no form filled in, not joined yet).
const FilterNone = "none"

// MemberFilter selects members of the registry (会员管理). Zero fields select
// everything; every set field must hold (AND).
type MemberFilter struct {
	Kind   member.Kind
	Level  member.Level
	Status member.Status
	// Province is a GB/T 2260 two-digit code from the application form, or
	// FilterNone.
	Province string
	// Industry is a GB/T 4754 section (A–T) from the enterprise form, or
	// FilterNone.
	Industry string
	// FeeState is payment.MemberState of the member.
	FeeState payment.State
	// JoinedYear is the year the application was approved (in the
	// association's time zone); FilterNone selects members not approved yet.
	JoinedYear string
	// ExpiresBefore and ExpiresAfter bound the last day of validity (calendar
	// days, midnight UTC, inclusive); members without a validity never match
	// them.
	ExpiresBefore time.Time
	ExpiresAfter  time.Time
	// ExpiringWithin (days, > 0) selects members whose validity ends between
	// Today and Today + ExpiringWithin, inclusive.
	ExpiringWithin int
	// Today is the calendar day (midnight UTC) ExpiringWithin and the
	// validity facets count from.
	Today time.Time
	// Search is the search box: whitespace-separated terms that must all
	// occur (case-insensitive, full-width folded) in one of the member's
	// number, names, USCC, emails, contact name, phones, or the pinyin
	// initials of its name or contact name.
	Search string
}

// MemberSort is the order of the registry's list.
type MemberSort string

// The sort orders. A member without the sort's value (no number, not joined,
// no validity) comes last in the default direction and first when reversed;
// ties are broken by member id.
const (
	SortNumber   MemberSort = "number"   // member number (default ascending)
	SortName     MemberSort = "name"     // name in pinyin order
	SortJoined   MemberSort = "joined"   // day of joining (default descending)
	SortValidity MemberSort = "validity" // last day of validity
)

// MemberQuery is one page of the registry.
type MemberQuery struct {
	Filter MemberFilter
	Sort   MemberSort
	Desc   bool
	Limit  int // rows per page (> 0)
	Offset int
	// After, when set, is the id of the last member of the previous page:
	// the page is the members that follow it in the query's order (keyset
	// paging, Offset ignored), so that walking the whole list (导出) costs
	// each page the same. The walk may end early when that member is gone or,
	// with a search box, no longer matches.
	After string
	// Facets asks for the counts beside the filters' values as well.
	Facets bool
}

// MemberPage is one page of the registry: its rows, how many members match in
// all and, when asked, the counts beside the filters' values.
type MemberPage struct {
	Rows   []MemberRow
	Total  int
	Facets MemberFacets // nil unless asked
}

// MemberRow is one member as the registry lists it: what the list shows and
// sorts by, without the application form.
type MemberRow struct {
	ID           string
	Number       string
	Name         string
	Kind         member.Kind
	Level        member.Level
	Status       member.Status
	FeeState     payment.State
	Province     string
	Industry     string
	Email        string
	USCC         string
	ContactName  string
	ContactPhone string
	JoinedOn     time.Time // calendar day (midnight UTC), zero before approval
	ValidUntil   time.Time // calendar day, zero without a validity
	CreatedAt    time.Time
}

// Facet names, the keys of MemberFacets.
const (
	FacetKind     = "kind"
	FacetLevel    = "level"
	FacetStatus   = "status"
	FacetFeeState = "fee_state"
	FacetProvince = "province"
	FacetIndustry = "industry"
	FacetJoined   = "joined_year"
	// FacetExpiring counts the members whose validity ends within 30, 60 and
	// 90 days of Today (keys "30", "60", "90").
	FacetExpiring = "expiring_within"
)

// ExpiringPresets are the day counts FacetExpiring counts.
func ExpiringPresets() []int { return []int{30, 60, 90} }

// MemberFacets are the counts beside each filter's values: per facet, per
// value (the empty string for members without one), how many members match
// every other filter and the search — the filter's own value left out, so
// that the counts say what choosing another value would list. Values with
// no member are absent.
type MemberFacets map[string]map[string]int

// MemberDirectory is the read side of the member registry: search, filter,
// sort and count every member at scale. Implementations keep what they search
// in step with the members in the member repository's transaction. One call
// answers a page with its total and counts, so that an implementation can
// share the work between them (a search's matches are found once).
type MemberDirectory interface {
	// Search returns one page of matching members, how many match in all and,
	// when q.Facets, the counts beside each filter's values.
	Search(ctx context.Context, q MemberQuery) (MemberPage, error)
}

// HistoryEntry is one thing that happened to a member.
type HistoryEntry struct {
	// Name is the event's name (member.registered …).
	Name string
	// Event is the member event (a value, as the aggregate recorded it); nil
	// for an event this version of the module does not know.
	Event event.Event
	// At is when it happened (UTC).
	At time.Time
	// Actor is who did it: empty until events carry their actor.
	Actor string
}

// MemberHistory is every member's durable history: the events the member
// repository stored with each change, in the same transaction.
type MemberHistory interface {
	// History returns a member's events, oldest first (at most limit, the
	// newest ones, when limit > 0); none for an unknown member.
	History(ctx context.Context, memberID string, limit int) ([]HistoryEntry, error)
}
