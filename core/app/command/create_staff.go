package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// CreateStaff creates a back-office account (memberctl, admin screens).
type CreateStaff struct {
	Username    string
	DisplayName string
	Email       string
	Role        string
	Password    string
}

// CreateStaffHandler creates staff accounts.
type CreateStaffHandler struct {
	staff  ports.StaffRepository
	hasher ports.PasswordHasher
	clock  ports.Clock
}

// NewCreateStaffHandler builds the handler.
func NewCreateStaffHandler(st ports.StaffRepository, hasher ports.PasswordHasher, clock ports.Clock) *CreateStaffHandler {
	return &CreateStaffHandler{staff: st, hasher: hasher, clock: clock}
}

// Handle validates and stores the account, returning its identity.
func (h *CreateStaffHandler) Handle(ctx context.Context, cmd CreateStaff) (string, error) {
	var v apperr.Validation
	staff.CheckPassword(&v, "password", cmd.Password)
	if err := v.Err(); err != nil {
		return "", err
	}
	// Validate the rest before paying for the hash.
	if _, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, access.Role(cmd.Role), "-", h.clock.Now()); err != nil {
		return "", err
	}
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	s, err := staff.New(cmd.Username, cmd.DisplayName, cmd.Email, access.Role(cmd.Role), hash, h.clock.Now())
	if err != nil {
		return "", err
	}
	if err := h.staff.Add(ctx, s); err != nil {
		return "", err
	}
	return s.ID(), nil
}
