package query

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// StaffAccount asks for one staff account (the admin's page of one account).
type StaffAccount struct {
	Principal access.Principal
	StaffID   string
}

// StaffAccountHandler loads one staff account for the admin.
type StaffAccountHandler struct {
	staff ports.StaffRepository
	authz ports.Authorizer
}

// NewStaffAccountHandler builds the handler.
func NewStaffAccountHandler(st ports.StaffRepository, authz ports.Authorizer) *StaffAccountHandler {
	return &StaffAccountHandler{staff: st, authz: authz}
}

// Handle returns the account; a missing one is NotFound.
func (h *StaffAccountHandler) Handle(ctx context.Context, q StaffAccount) (StaffItem, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ManageStaff, q.Principal.ID); err != nil {
		return StaffItem{}, err
	}
	s, err := h.staff.Get(ctx, strings.TrimSpace(q.StaffID))
	if apperr.IsKind(err, apperr.KindNotFound) {
		return StaffItem{}, err
	} else if err != nil {
		return StaffItem{}, apperr.Internal(err)
	}
	return staffItem(s, q.Principal), nil
}
