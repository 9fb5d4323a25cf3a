package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
)

// SaveCouncilContact stores the member's 联系人信息 of 完善理事资料: the person
// the council's mail is addressed to (see council.Contact).
type SaveCouncilContact struct {
	Principal access.Principal
	Contact   council.Contact
}

// SaveCouncilContactHandler saves council contacts.
type SaveCouncilContactHandler struct{ p CouncilPorts }

// NewSaveCouncilContactHandler builds the handler.
func NewSaveCouncilContactHandler(p CouncilPorts) *SaveCouncilContactHandler {
	return &SaveCouncilContactHandler{p: p}
}

// Handle validates every field (each problem a field-level message) and
// replaces the member's contact. A member below 理事 is Forbidden.
func (h *SaveCouncilContactHandler) Handle(ctx context.Context, cmd SaveCouncilContact) error {
	c := cmd.Contact
	c.Normalize()
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		m, err := CouncilMember(ctx, h.p.Members, h.p.Authz, cmd.Principal, access.EditOwnCouncil)
		if err != nil {
			return err
		}
		if err := c.Check(); err != nil {
			return err
		}
		c.MemberID, c.UpdatedAt = m.ID(), h.p.Clock.Now()
		if err := h.p.Council.PutContact(ctx, c); err != nil {
			return apperr.Internal(err)
		}
		return nil
	})
}
