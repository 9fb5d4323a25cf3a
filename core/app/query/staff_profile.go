package query

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// StaffProfileHandler loads the logged-in staff account.
type StaffProfileHandler struct {
	staff ports.StaffRepository
}

// NewStaffProfileHandler builds the handler.
func NewStaffProfileHandler(st ports.StaffRepository) *StaffProfileHandler {
	return &StaffProfileHandler{staff: st}
}

// Handle returns the staff account of the principal.
func (h *StaffProfileHandler) Handle(ctx context.Context, p access.Principal) (*staff.Staff, error) {
	if err := access.Authorize(nil, p, access.ReadOwnStaffProfile, ""); err != nil {
		return nil, err
	}
	return h.staff.Get(ctx, p.ID)
}
