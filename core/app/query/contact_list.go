package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ContactList asks for a member's contacts (联系人列表): the member's own
// (MemberID empty) or, for staff, those of MemberID.
type ContactList struct {
	Principal access.Principal
	MemberID  string
	// Member is the member MemberID as the caller read it in the same request
	// (the member detail), or nil: the handler then reads it itself.
	Member *member.Member
}

// ContactListView is the list: the 第一联系人 first. Before the member saved
// any, the application's first contact stands as the 第一联系人.
type ContactListView struct {
	MemberID   string
	MemberName string
	Contacts   []contact.Contact
}

// First returns the 第一联系人 (false: none).
func (v ContactListView) First() (contact.Contact, bool) { return contact.FirstOf(v.Contacts) }

// ContactListHandler serves the list.
type ContactListHandler struct {
	members  ports.MemberRepository
	contacts ports.ContactRepository
	authz    ports.Authorizer
}

// NewContactListHandler builds the handler.
func NewContactListHandler(members ports.MemberRepository, contacts ports.ContactRepository,
	authz ports.Authorizer) *ContactListHandler {
	return &ContactListHandler{members: members, contacts: contacts, authz: authz}
}

// Handle returns the contacts. An individual has none (an empty list for
// staff, a refusal for the member itself).
func (h *ContactListHandler) Handle(ctx context.Context, q ContactList) (ContactListView, error) {
	pr, id := q.Principal, q.MemberID
	if id == "" || (pr.IsMember() && id == pr.ID) {
		if err := access.Authorize(h.authz, pr, access.ReadOwnContacts, pr.ID); err != nil {
			return ContactListView{}, err
		}
		id = pr.ID
	} else if err := access.Authorize(h.authz, pr, access.InspectMember, id); err != nil {
		return ContactListView{}, err
	}
	m := q.Member
	if m == nil || m.ID() != id {
		var err error
		if m, err = h.members.Get(ctx, id); err != nil {
			return ContactListView{}, err
		}
	}
	var err error
	v := ContactListView{MemberID: m.ID(), MemberName: m.Name()}
	if m.Kind() != member.Enterprise {
		if pr.IsMember() {
			return v, apperr.Forbidden("enterprise_only", "联系人管理仅适用于单位会员")
		}
		return v, nil
	}
	if v.Contacts, err = h.contacts.ListContacts(ctx, m.ID()); err != nil {
		return v, apperr.Internal(err)
	}
	if a := m.Application().Enterprise; len(v.Contacts) == 0 && a.ContactName != "" {
		v.Contacts = []contact.Contact{contact.Seed(m.ID(), a, m.Application().SavedAt)}
	}
	return v, nil
}
