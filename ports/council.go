package ports

import (
	"context"

	"github.com/openassoc/membership/core/domain/council"
)

// CouncilRepository stores 完善理事资料: members' council forms (one per member
// and kind) and their 联系人信息. Every method joins the transaction in ctx. A
// form that does not exist, or is not the member's asked for, is an apperr
// NotFound (code council.ErrNotFound).
type CouncilRepository interface {
	// MemberForms returns a member's forms (any status), in council.Kinds order.
	MemberForms(ctx context.Context, memberID string) ([]council.Form, error)
	// GetForm loads a form by identity.
	GetForm(ctx context.Context, id string) (council.Form, error)
	// PutForm inserts a form or replaces the one of its ID; a second form of
	// the same member and kind is refused.
	PutForm(ctx context.Context, f council.Form) error
	// ListForms returns one page of forms of a status (empty: submitted,
	// returned and accepted — drafts only by asking), most recently submitted
	// first, and how many match.
	ListForms(ctx context.Context, f CouncilFilter) ([]council.Form, int, error)
	// CountForms returns how many forms stand in each status.
	CountForms(ctx context.Context) (map[council.Status]int, error)
	// GetContact loads a member's 联系人信息 (false: none saved).
	GetContact(ctx context.Context, memberID string) (council.Contact, bool, error)
	// PutContact stores a member's 联系人信息, replacing the former one.
	PutContact(ctx context.Context, c council.Contact) error
}

// CouncilFilter selects a page of the staff's queue of council forms.
type CouncilFilter struct {
	Status council.Status
	Limit  int
	Offset int
}
