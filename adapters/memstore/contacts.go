package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/ports"
)

// ContactRepository stores members' contacts; it implements
// ports.ContactRepository, every method joining the transaction in ctx.
type ContactRepository struct{ s *Store }

var _ ports.ContactRepository = (*ContactRepository)(nil)

// Contacts returns the members' contacts.
func (s *Store) Contacts() *ContactRepository { return &ContactRepository{s: s} }

// contactOrder puts the first contact first, then the order of adding.
func contactOrder(a, b contact.Contact) int {
	af, bf := a.Role != contact.First, b.Role != contact.First
	if af != bf {
		if !af {
			return -1
		}
		return 1
	}
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

// ListContacts returns a member's contacts.
func (r *ContactRepository) ListContacts(ctx context.Context, memberID string) ([]contact.Contact, error) {
	var out []contact.Contact
	err := r.s.read(ctx, true, func(d *data) error {
		for _, c := range d.contacts.all() {
			if c.MemberID == memberID {
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, contactOrder)
	return out, nil
}

// GetContact loads one of a member's contacts.
func (r *ContactRepository) GetContact(ctx context.Context, memberID, id string) (contact.Contact, error) {
	var c contact.Contact
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if c, ok = d.contacts.get(id); !ok || c.MemberID != memberID {
			return contact.NotFoundError()
		}
		return nil
	})
	return c, err
}

// PutContact stores a contact.
func (r *ContactRepository) PutContact(ctx context.Context, c contact.Contact) error {
	c.CreatedAt, c.UpdatedAt = storedTime(c.CreatedAt), storedTime(c.UpdatedAt)
	return r.s.write(ctx, true, "ContactRepository.PutContact", func(d *data) error {
		if old, ok := d.contacts.get(c.ID); ok && old.MemberID != c.MemberID {
			return contact.NotFoundError()
		}
		if c.Role == contact.First {
			for _, o := range d.contacts.all() {
				if o.MemberID == c.MemberID && o.Role == contact.First && o.ID != c.ID {
					return errConstraint("member_contacts: second first contact of %q", c.MemberID)
				}
			}
		}
		d.contacts.put(c.ID, c)
		return nil
	})
}

// DeleteContact deletes one of a member's contacts.
func (r *ContactRepository) DeleteContact(ctx context.Context, memberID, id string) error {
	return r.s.write(ctx, true, "ContactRepository.DeleteContact", func(d *data) error {
		if c, ok := d.contacts.get(id); !ok || c.MemberID != memberID {
			return contact.NotFoundError()
		}
		d.contacts.del(id)
		return nil
	})
}
