package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApplicationDetail asks for one application in the back office.
type ApplicationDetail struct {
	Principal access.Principal
	MemberID  string
}

// ApplicationDetailView is the application with its printable sections (the same
// the PDF shows) and whether the principal may decide on it now.
type ApplicationDetailView struct {
	ApplicationView
	Document  ports.FormDocument
	CanReview bool // submitted, and the principal may review
}

// ApplicationDetailHandler loads applications for staff.
type ApplicationDetailHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
	assoc   string
}

// NewApplicationDetailHandler builds the handler; assoc is the association's name
// used in the form's title.
func NewApplicationDetailHandler(members ports.MemberRepository, authz ports.Authorizer, clock ports.Clock,
	assoc string) *ApplicationDetailHandler {
	return &ApplicationDetailHandler{members: members, authz: authz, clock: clock, assoc: assoc}
}

// Handle returns the detail for a staff principal allowed to read applications.
// A member that never saved a form has no application: NotFound.
func (h *ApplicationDetailHandler) Handle(ctx context.Context, q ApplicationDetail) (ApplicationDetailView, error) {
	// A member asking for an application through the staff view is told it does
	// not exist, like for any record it does not own.
	if err := access.Authorize(h.authz, q.Principal, access.InspectApplication, ""); err != nil {
		return ApplicationDetailView{}, err
	}
	m, err := h.members.Get(ctx, q.MemberID)
	if err != nil {
		return ApplicationDetailView{}, err
	}
	if !m.Application().Started() {
		return ApplicationDetailView{}, apperr.NotFound("application_not_found", "该会员尚未填写入会申请表")
	}
	v := ApplicationDetailView{ApplicationView: NewApplicationView(m, h.clock.Now()), Document: FormDocumentOf(m, h.assoc)}
	if m.Status() == member.StatusSubmitted {
		ok, err := access.Can(h.authz, q.Principal, access.ReviewApplication, "")
		v.CanReview = ok && err == nil
	}
	return v, nil
}
