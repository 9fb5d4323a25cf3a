package query

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// MemberApplication asks for a member's application: the principal's own when
// MemberID is empty. A member asking for another member's gets NotFound.
type MemberApplication struct {
	Principal access.Principal
	MemberID  string
}

// MemberApplicationHandler loads applications for their owners.
type MemberApplicationHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
}

// NewMemberApplicationHandler builds the handler.
func NewMemberApplicationHandler(members ports.MemberRepository, authz ports.Authorizer, clock ports.Clock) *MemberApplicationHandler {
	return &MemberApplicationHandler{members: members, authz: authz, clock: clock}
}

// Handle returns the application view (form, scan, status, step, reject reason).
func (h *MemberApplicationHandler) Handle(ctx context.Context, q MemberApplication) (ApplicationView, error) {
	id := memberOf(q.Principal, q.MemberID)
	if err := access.Authorize(h.authz, q.Principal, access.ReadApplication, id); err != nil {
		return ApplicationView{}, err
	}
	m, err := h.members.Get(ctx, id)
	if err != nil {
		return ApplicationView{}, err
	}
	return NewApplicationView(m, h.clock.Now()), nil
}
