package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
)

// DeleteContact deletes one of the member's contacts (删除). Deleting the
// 第一联系人 names its successor, another of the member's contacts.
type DeleteContact struct {
	Principal   access.Principal
	ContactID   string
	SuccessorID string
}

// DeleteContactHandler deletes contacts.
type DeleteContactHandler struct{ p ContactPorts }

// NewDeleteContactHandler builds the handler.
func NewDeleteContactHandler(p ContactPorts) *DeleteContactHandler {
	return &DeleteContactHandler{p: p}
}

// Handle deletes the contact in one transaction, the successor becoming the
// first contact. The only contact cannot be deleted; another member's is
// NotFound.
func (h *DeleteContactHandler) Handle(ctx context.Context, cmd DeleteContact) error {
	return h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		cs, err := h.p.ownContacts(ctx, cmd.Principal)
		if err != nil {
			return err
		}
		c, ok := find(cs, strings.TrimSpace(cmd.ContactID))
		if !ok {
			return contact.NotFoundError()
		}
		if c.Role == contact.First {
			return h.succeed(ctx, cs, c, strings.TrimSpace(cmd.SuccessorID))
		}
		if err := h.p.Contacts.DeleteContact(ctx, c.MemberID, c.ID); err != nil {
			return apperr.Internal(err)
		}
		return nil
	})
}

// succeed makes successor the first contact in place of the deleted first.
func (h *DeleteContactHandler) succeed(ctx context.Context, cs []contact.Contact, first contact.Contact,
	successor string) error {
	var v apperr.Validation
	if len(cs) < 2 {
		v.Add("successor_id", contact.ErrSuccessorNeeded,
			"第一联系人是唯一的联系人，不能删除：请先添加另一位联系人并设为第一联系人")
		return v.Err()
	}
	s, ok := find(cs, successor)
	if successor == "" || !ok || s.ID == first.ID {
		v.Add("successor_id", contact.ErrSuccessorNeeded, "删除第一联系人前，请选择接替的第一联系人")
		return v.Err()
	}
	// The old first goes first, so that one first contact stands at every step.
	if err := h.p.Contacts.DeleteContact(ctx, first.MemberID, first.ID); err != nil {
		return apperr.Internal(err)
	}
	s.Role, s.UpdatedAt = contact.First, h.p.Clock.Now()
	if err := h.p.Contacts.PutContact(ctx, s); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
