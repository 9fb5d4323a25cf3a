package ports

import (
	"context"

	"github.com/openassoc/membership/core/domain/infochange"
)

// InfoChangeQuery is one page of the reviewers' queue (信息变更审核): the
// requests of one status, oldest first while pending, newest decided first
// otherwise.
type InfoChangeQuery struct {
	Status infochange.Status
	Limit  int // rows per page; 0 asks for the counts only (the menu's badge)
	Offset int
}

// InfoChangePage is one page of the queue with how many requests match in all
// and how many there are of each status.
type InfoChangePage struct {
	Rows   []infochange.Request
	Total  int
	Counts map[infochange.Status]int
}

// InfoChangeRepository stores members' 信息变更 requests. Every method joins
// the transaction in ctx. A request that does not exist (or, for the
// member-scoped methods, is another member's) is an apperr NotFound (code
// infochange.ErrNotFound).
type InfoChangeRepository interface {
	// AddInfoChange stores a new request; a second pending request of the
	// same member is an apperr Conflict (code infochange.ErrPending).
	AddInfoChange(ctx context.Context, r infochange.Request) error
	// GetInfoChange loads a request by id.
	GetInfoChange(ctx context.Context, id string) (infochange.Request, error)
	// SaveInfoChange stores a decided request (its status, reason, decider
	// and time); the request must exist.
	SaveInfoChange(ctx context.Context, r infochange.Request) error
	// MemberInfoChanges returns a member's requests, newest first (at most limit).
	MemberInfoChanges(ctx context.Context, memberID string, limit int) ([]infochange.Request, error)
	// PendingInfoChange returns the member's pending request (false: none).
	PendingInfoChange(ctx context.Context, memberID string) (infochange.Request, bool, error)
	// InfoChangeQueue returns one page of the queue with the counts per status.
	InfoChangeQueue(ctx context.Context, q InfoChangeQuery) (InfoChangePage, error)
}
