package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// CouncilPorts are the ports of 完善理事资料's use cases; Forms says which forms
// each level needs (app.Options.CouncilForms).
type CouncilPorts struct {
	Members ports.MemberRepository
	Council ports.CouncilRepository
	Tx      ports.Transactor
	Authz   ports.Authorizer
	Clock   ports.Clock
	Audit   *Auditor
	Forms   council.Requirements
}

// CouncilMember authorizes a member's own council business with the role of
// its level now (a level changed since login counts at once) and loads it.
// A member below 理事 is Forbidden with council.ErrCouncilOnly's message; a
// staff account is refused as the action's rule says.
func CouncilMember(ctx context.Context, members ports.MemberRepository, authz ports.Authorizer,
	pr access.Principal, a access.Action) (*member.Member, error) {
	if !pr.IsMember() {
		return nil, access.Authorize(authz, pr, a, pr.ID)
	}
	m, err := members.Get(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	pr.Role = MemberRole(m)
	if err := access.Authorize(authz, pr, a, pr.ID); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return nil, council.RefuseBelowCouncil()
		}
		return nil, err
	}
	return m, nil
}

// formOf returns the member's form of a kind (a new one when none is stored).
func (p CouncilPorts) formOf(ctx context.Context, memberID string, k council.Kind) (council.Form, bool, error) {
	forms, err := p.Council.MemberForms(ctx, memberID)
	if err != nil {
		return council.Form{}, false, apperr.Internal(err)
	}
	for _, f := range forms {
		if f.Kind == k {
			return f, true, nil
		}
	}
	return council.Form{MemberID: memberID, Kind: k}, false, nil
}

// staffForm loads a form for the staff by its ID.
func (p CouncilPorts) staffForm(ctx context.Context, formID string) (council.Form, error) {
	formID = strings.TrimSpace(formID)
	if formID == "" || len(formID) > 64 {
		return council.Form{}, council.NotFoundError()
	}
	return p.Council.GetForm(ctx, formID)
}
