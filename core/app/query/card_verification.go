package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/card"
	"github.com/openassoc/membership/core/domain/member"
)

// CardVerification is the public check of a card's QR link (会员验证).
type CardVerification struct {
	Token string
}

// CardVerificationView is what the public sees of a genuine card: the public
// fields only, and whether the membership is valid today.
type CardVerificationView struct {
	Member      PublicMemberResult
	Certificate bool // an enterprise's 会员证书
	Valid       bool // 有效 today
}

// CardVerificationHandler checks cards' links.
type CardVerificationHandler struct{ d CardDeps }

// NewCardVerificationHandler builds the handler.
func NewCardVerificationHandler(d CardDeps) *CardVerificationHandler {
	return &CardVerificationHandler{d: d}
}

// ErrCardInvalid is the code of a link that is no genuine card's: forged,
// tampered with, of a re-issued card or of no member.
const ErrCardInvalid = "card_invalid"

// Handle checks the token's signature and version and returns the member's
// public fields with today's status; anything else is NotFound
// (ErrCardInvalid, 「该会员证无效」).
func (h *CardVerificationHandler) Handle(ctx context.Context, q CardVerification) (CardVerificationView, error) {
	invalid := apperr.NotFound(ErrCardInvalid, "该会员证无效")
	if len(q.Token) > 200 {
		return CardVerificationView{}, invalid
	}
	key, err := h.d.key(ctx)
	if err != nil {
		return CardVerificationView{}, err
	}
	id, version, ok := card.Parse(key, q.Token)
	if !ok {
		return CardVerificationView{}, invalid
	}
	m, err := h.d.Members.Get(ctx, id)
	if err != nil {
		if apperr.As(err).Kind == apperr.KindNotFound {
			return CardVerificationView{}, invalid
		}
		return CardVerificationView{}, err
	}
	current, err := h.d.Cards.CardVersion(ctx, id)
	if err != nil {
		return CardVerificationView{}, apperr.Internal(err)
	}
	res, ok := cardPublic(m, h.d.today())
	if !ok || current != version {
		return CardVerificationView{}, invalid
	}
	return CardVerificationView{Member: res, Certificate: m.Kind() == member.Enterprise,
		Valid: res.Status == PublicActive}, nil
}
