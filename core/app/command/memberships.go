package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/access"
)

// ApproveMemberships is the secretariat's final approval of one or many paid
// members, with the approval document number (文号).
type ApproveMemberships struct {
	Principal access.Principal
	MemberIDs []string
	DocNo     string
}

// ApprovedMembership is one approved member and its validity.
type ApprovedMembership struct {
	MemberID   string
	Name       string
	Number     string
	DocNo      string
	ValidFrom  time.Time // the approval day (midnight UTC of the association's calendar day)
	ValidUntil time.Time // one year on: 2019-09-21 → 2020-09-20
}

// ApproveMembershipsHandler approves memberships.
type ApproveMembershipsHandler struct{ fees *FeeService }

// NewApproveMembershipsHandler builds the handler.
func NewApproveMembershipsHandler(s *FeeService) *ApproveMembershipsHandler {
	return &ApproveMembershipsHandler{fees: s}
}

// Handle approves every listed member awaiting the secretariat (membership:approve),
// all in one transaction: if one cannot be approved (not awaiting, unknown), none
// is, and the error names it. The approval day is today in the association's
// time zone.
func (h *ApproveMembershipsHandler) Handle(ctx context.Context, cmd ApproveMemberships) ([]ApprovedMembership, error) {
	return h.fees.approveMemberships(ctx, cmd)
}
