package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// ReissueCard is a member's re-issue of its card or certificate (重新签发):
// the QR links of the old one stop working (a lost or copied card).
type ReissueCard struct {
	Principal access.Principal
}

// ReissueCardHandler re-issues cards.
type ReissueCardHandler struct {
	members ports.MemberRepository
	cards   ports.CardRepository
	tx      ports.Transactor
	authz   ports.Authorizer
}

// NewReissueCardHandler builds the handler.
func NewReissueCardHandler(members ports.MemberRepository, cards ports.CardRepository, tx ports.Transactor,
	authz ports.Authorizer) *ReissueCardHandler {
	return &ReissueCardHandler{members: members, cards: cards, tx: tx, authz: authz}
}

// Handle moves the member's card to its next version and returns it. A member
// without a card (no validity yet) is NotFound (card_not_found).
func (h *ReissueCardHandler) Handle(ctx context.Context, cmd ReissueCard) (int, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.authz, pr, access.ReissueOwnCard, pr.ID); err != nil {
		return 0, err
	}
	m, err := h.members.Get(ctx, pr.ID)
	if err != nil {
		return 0, err
	}
	if m.Number() == "" || m.ValidUntil().IsZero() {
		return 0, apperr.NotFound("card_not_found", "会员卡（会员证书）在秘书处审批通过、获得会员有效期后提供")
	}
	var version int
	err = h.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		version, err = h.cards.ReissueCard(ctx, m.ID())
		return err
	})
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return version, nil
}
