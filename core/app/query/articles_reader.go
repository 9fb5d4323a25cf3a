package query

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// WithMembers makes the readers' audiences follow a member's level as it is
// now: a member raised to 理事 after it logged in reads the council's articles
// (活动通告 on its home) at once, and one lowered no longer does.
func (h *ArticlesHandler) WithMembers(members ports.MemberRepository) *ArticlesHandler {
	h.members = members
	return h
}

// reader is principal p with a member's role from its current kind and level
// (one lookup); any other principal, or a member that cannot be loaded, as it
// is.
func (h *ArticlesHandler) reader(ctx context.Context, p access.Principal) access.Principal {
	if h.members == nil || !p.IsMember() || p.ID == "" {
		return p
	}
	m, err := h.members.Get(ctx, p.ID)
	if err != nil {
		return p
	}
	switch {
	case m.Kind() == member.Individual:
		p.Role = access.RoleIndividual
	case m.Level().IsCouncil():
		p.Role = access.RoleCouncil
	default:
		p.Role = access.RoleEnterprise
	}
	return p
}
