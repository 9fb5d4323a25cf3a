package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ContactPorts are the ports of 联系人管理's use cases.
type ContactPorts struct {
	Members  ports.MemberRepository
	Contacts ports.ContactRepository
	Tx       ports.Transactor
	Authz    ports.Authorizer
	Clock    ports.Clock
}

// enterpriseOnly is the refusal of an individual member.
func enterpriseOnly() error {
	return apperr.Forbidden("enterprise_only", "联系人管理仅适用于单位会员")
}

// ownContacts authorizes the member asking, loads it and its contacts — the
// application's 第一联系人 stored first when none is stored yet — inside the
// transaction in ctx.
func (p ContactPorts) ownContacts(ctx context.Context, pr access.Principal) ([]contact.Contact, error) {
	if err := access.Authorize(p.Authz, pr, access.EditOwnContacts, pr.ID); err != nil {
		return nil, err
	}
	m, err := p.Members.Get(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	if m.Kind() != member.Enterprise {
		return nil, enterpriseOnly()
	}
	cs, err := p.Contacts.ListContacts(ctx, m.ID())
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if len(cs) > 0 || m.Application().Enterprise.ContactName == "" {
		return cs, nil
	}
	seed := contact.Seed(m.ID(), m.Application().Enterprise, p.Clock.Now())
	if err := p.Contacts.PutContact(ctx, seed); err != nil {
		return nil, apperr.Internal(fmt.Errorf("seed first contact: %w", err))
	}
	return []contact.Contact{seed}, nil
}

// demoteFirst makes the current first contact (other than keep) a 联系人.
func (p ContactPorts) demoteFirst(ctx context.Context, cs []contact.Contact, keep string, now time.Time) error {
	for _, c := range cs {
		if c.Role == contact.First && c.ID != keep {
			c.Role, c.UpdatedAt = contact.Plain, now
			if err := p.Contacts.PutContact(ctx, c); err != nil {
				return apperr.Internal(fmt.Errorf("demote first contact: %w", err))
			}
		}
	}
	return nil
}

// find returns the contact of id in cs.
func find(cs []contact.Contact, id string) (contact.Contact, bool) {
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return contact.Contact{}, false
}
