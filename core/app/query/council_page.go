package query

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// CouncilPorts are what 完善理事资料's queries read.
type CouncilPorts struct {
	Members   ports.MemberRepository
	Council   ports.CouncilRepository
	Authz     ports.Authorizer
	Documents ports.DocumentRenderer // nil: no PDF
	Forms     council.Requirements
	Assoc     string // the association's name, printed on the forms
}

// CouncilPage asks for a member's 完善理事资料 page (and the home page's 小提示).
type CouncilPage struct {
	Principal access.Principal
}

// CouncilCard is one form the member's level needs: 待完善 or 已完善.
type CouncilCard struct {
	Kind   council.Kind
	Title  string
	FormID string // empty until first saved
	Status council.Status
	// ReturnReason is the staff's reason while the form is returned.
	ReturnReason string
}

// Complete tells whether the card shows 已完善.
func (c CouncilCard) Complete() bool { return c.Status.Complete() }

// CouncilPageView is the page: the cards, and the 联系人信息.
type CouncilPageView struct {
	MemberName string
	Cards      []CouncilCard
	Contact    council.Contact
	HasContact bool
}

// ToComplete lists the cards still 待完善 (the 小提示's 「有需要完善的资料」).
func (v CouncilPageView) ToComplete() []CouncilCard {
	var out []CouncilCard
	for _, c := range v.Cards {
		if !c.Complete() {
			out = append(out, c)
		}
	}
	return out
}

// Completed lists the cards 已完善 (「已完善资料」).
func (v CouncilPageView) Completed() []CouncilCard {
	var out []CouncilCard
	for _, c := range v.Cards {
		if c.Complete() {
			out = append(out, c)
		}
	}
	return out
}

// CouncilPageHandler serves the page.
type CouncilPageHandler struct{ p CouncilPorts }

// NewCouncilPageHandler builds the handler.
func NewCouncilPageHandler(p CouncilPorts) *CouncilPageHandler { return &CouncilPageHandler{p: p} }

// Handle returns the cards of the forms the member's level needs
// (configuration) and its contact. A member below 理事 is Forbidden.
func (h *CouncilPageHandler) Handle(ctx context.Context, q CouncilPage) (CouncilPageView, error) {
	m, err := councilMember(ctx, h.p.Members, h.p.Authz, q.Principal, access.ReadOwnCouncil)
	if err != nil {
		return CouncilPageView{}, err
	}
	forms, err := h.p.Council.MemberForms(ctx, m.ID())
	if err != nil {
		return CouncilPageView{}, apperr.Internal(err)
	}
	v := CouncilPageView{MemberName: m.Name()}
	for _, k := range h.p.Forms.FormsFor(m.Level()) {
		c := CouncilCard{Kind: k, Title: k.Title()}
		if i := slices.IndexFunc(forms, func(f council.Form) bool { return f.Kind == k }); i >= 0 {
			c.FormID, c.Status = forms[i].ID, forms[i].Status
			if c.Status == council.Returned {
				c.ReturnReason = forms[i].ReturnReason
			}
		}
		v.Cards = append(v.Cards, c)
	}
	if v.Contact, v.HasContact, err = h.p.Council.GetContact(ctx, m.ID()); err != nil {
		return v, apperr.Internal(err)
	}
	return v, nil
}

// councilMember authorizes a member's own council business with the role its
// level gives it now (as command.CouncilMember does) and loads it.
func councilMember(ctx context.Context, members ports.MemberRepository, authz ports.Authorizer,
	pr access.Principal, a access.Action) (*member.Member, error) {
	if !pr.IsMember() {
		return nil, access.Authorize(authz, pr, a, pr.ID)
	}
	m, err := members.Get(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	pr.Role = access.RoleEnterprise
	switch {
	case m.Kind() == member.Individual:
		pr.Role = access.RoleIndividual
	case m.Level().IsCouncil():
		pr.Role = access.RoleCouncil
	}
	if err := access.Authorize(authz, pr, a, pr.ID); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return nil, council.RefuseBelowCouncil()
		}
		return nil, err
	}
	return m, nil
}
