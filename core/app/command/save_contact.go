package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/id"
)

// SaveContact adds a contact (ContactID empty, 「+添加联系人」) or edits one of
// the member's own (编辑).
type SaveContact struct {
	Principal access.Principal
	ContactID string
	Fields    contact.Fields
}

// SaveContactHandler saves contacts.
type SaveContactHandler struct{ p ContactPorts }

// NewSaveContactHandler builds the handler.
func NewSaveContactHandler(p ContactPorts) *SaveContactHandler { return &SaveContactHandler{p: p} }

// Handle validates the fields and saves the contact in one transaction,
// returning its ID. Making a contact the 第一联系人 makes the former one a
// 联系人; the first contact itself cannot give up its role (another must take
// it). Another member's contact is NotFound.
func (h *SaveContactHandler) Handle(ctx context.Context, cmd SaveContact) (string, error) {
	f := cmd.Fields
	f.Normalize()
	if err := f.Check(); err != nil {
		return "", err
	}
	var saved string
	err := h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		cs, err := h.p.ownContacts(ctx, cmd.Principal)
		if err != nil {
			return err
		}
		now := h.p.Clock.Now()
		var c contact.Contact
		if key := strings.TrimSpace(cmd.ContactID); key != "" {
			var ok bool
			if c, ok = find(cs, key); !ok {
				return contact.NotFoundError()
			}
			if c.Role == contact.First && f.Role != contact.First {
				return roleError("必须保留一位第一联系人：请将另一位联系人设为第一联系人")
			}
		} else {
			if len(cs) >= contact.MaxPerMember {
				return apperr.Conflict(contact.ErrTooMany, "联系人已达上限（50位），请先删除不再需要的联系人")
			}
			c = contact.Contact{ID: id.New(now), MemberID: cmd.Principal.ID, CreatedAt: now}
			if _, hasFirst := contact.FirstOf(cs); !hasFirst {
				f.Role = contact.First // the first one added is the first contact
			}
		}
		if f.Role == contact.First {
			if err := h.p.demoteFirst(ctx, cs, c.ID, now); err != nil {
				return err
			}
		}
		c.Apply(f, now)
		if err := h.p.Contacts.PutContact(ctx, c); err != nil {
			return apperr.Internal(err)
		}
		saved = c.ID
		return nil
	})
	return saved, err
}

func roleError(msg string) error {
	var v apperr.Validation
	v.Add("role", "first_required", msg)
	return v.Err()
}
