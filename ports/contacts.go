package ports

import (
	"context"

	"github.com/openassoc/membership/core/domain/contact"
)

// ContactRepository stores enterprise members' contacts (联系人管理). Every
// method joins the transaction in ctx. A contact that does not exist or is
// another member's is an apperr NotFound (code contact.ErrNotFound).
type ContactRepository interface {
	// ListContacts returns a member's contacts: the 第一联系人 first, then in
	// the order they were added.
	ListContacts(ctx context.Context, memberID string) ([]contact.Contact, error)
	// GetContact loads one of a member's contacts.
	GetContact(ctx context.Context, memberID, id string) (contact.Contact, error)
	// PutContact stores a contact (insert, or replace the one of its ID and member).
	PutContact(ctx context.Context, c contact.Contact) error
	// DeleteContact deletes one of a member's contacts.
	DeleteContact(ctx context.Context, memberID, id string) error
}
