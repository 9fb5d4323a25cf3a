package memstore

import (
	"context"

	"github.com/openassoc/membership/core/domain/contact"
)

// ContactsOf returns the contacts of the members.
func (x *LegacyImports) ContactsOf(ctx context.Context, memberIDs []string) ([]contact.Contact, error) {
	var out []contact.Contact
	ids := map[string]bool{}
	for _, m := range memberIDs {
		ids[m] = true
	}
	err := x.s.read(ctx, true, func(d *data) error {
		for _, c := range d.contacts.all() {
			if ids[c.MemberID] {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

// ReplaceContacts deletes the members' contacts and stores cs.
func (x *LegacyImports) ReplaceContacts(ctx context.Context, memberIDs []string, cs []contact.Contact) error {
	ids := map[string]bool{}
	for _, m := range memberIDs {
		ids[m] = true
	}
	return x.s.write(ctx, true, "LegacyImports.ReplaceContacts", func(d *data) error {
		for _, k := range d.contacts.where(func(_ string, c contact.Contact) bool { return ids[c.MemberID] }) {
			d.contacts.del(k)
		}
		firsts := map[string]bool{}
		for _, c := range d.contacts.all() {
			if c.Role == contact.First {
				firsts[c.MemberID] = true
			}
		}
		for _, c := range cs {
			if _, taken := d.contacts.get(c.ID); taken {
				return errConstraint("member_contacts: duplicate id %q", c.ID)
			}
			if _, ok := d.members.get(c.MemberID); !ok {
				return errConstraint("member_contacts: no member %q", c.MemberID)
			}
			if c.Role == contact.First {
				if firsts[c.MemberID] {
					return errConstraint("member_contacts: second first contact of %q", c.MemberID)
				}
				firsts[c.MemberID] = true
			}
			c.CreatedAt, c.UpdatedAt = storedTime(c.CreatedAt), storedTime(c.UpdatedAt)
			d.contacts.put(c.ID, c)
		}
		return nil
	})
}
