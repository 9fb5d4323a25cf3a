package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/card"
	"github.com/openassoc/membership/core/domain/member"
)

// StaffCardView is a member's card (会员卡) or certificate (会员证书) as the
// staff see it on the member detail: what its verification page says today
// and the version of its link.
type StaffCardView struct {
	// Issued is false before the member has a number and a validity (no card
	// yet); the other fields are then empty.
	Issued      bool
	Certificate bool   // an enterprise's 会员证书
	Status      string // PublicActive, PublicLapsed, PublicWithdrawn, PublicSuspended
	StatusLabel string // 有效 / 已过期 / 已退会 / 已暂停
	Valid       bool
	Version     int    // the link's version: 1 until the member re-issues it
	VerifyPath  string // CardVerifyPath + the current signed token
}

// ForStaff returns the card of member m (as the caller read it in the same
// request: the member detail's MemberDetailView.Member) for the staff who may
// inspect members: its status today, the link's version and its verification
// page.
func (h *MemberCardHandler) ForStaff(ctx context.Context, p access.Principal, m *member.Member) (StaffCardView,
	error) {
	d := h.d
	if err := access.Authorize(d.Authz, p, access.InspectMember, ""); err != nil {
		return StaffCardView{}, err
	}
	res, ok := cardPublic(m, d.today())
	if !ok {
		return StaffCardView{}, nil
	}
	version, err := d.Cards.CardVersion(ctx, m.ID())
	if err != nil {
		return StaffCardView{}, apperr.Internal(err)
	}
	key, err := d.key(ctx)
	if err != nil {
		return StaffCardView{}, err
	}
	return StaffCardView{Issued: true, Certificate: m.Kind() == member.Enterprise, Status: res.Status,
		StatusLabel: res.StatusLabel, Valid: res.Status == PublicActive, Version: version,
		VerifyPath: CardVerifyPath + card.Sign(key, m.ID(), version)}, nil
}
