package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// memberVerifyPath is the card's verification page: the QR code on a card
// links to memberVerifyPath + its signed token (query.CardVerifyPath).
const memberVerifyPath = query.CardVerifyPath

// memberVerifyView is the data of 会员验证: the card's member, or Invalid.
type memberVerifyView struct {
	Card    query.CardVerificationView
	Invalid bool
}

// membersVerify is the public page a card's QR code opens: the member's public
// fields and whether the membership is valid today (有效 / 已过期 / 已退会 /
// 已暂停). A forged, tampered or re-issued card's link is 「该会员证无效」 (404).
func (u *UI) membersVerify(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "search")
	var v memberVerifyView
	p.Data = &v
	res, err := u.app.Queries.CardVerification.Handle(req.Context(), query.CardVerification{Token: req.Param("token")})
	if err != nil {
		if apperr.As(err).Code == query.ErrCardInvalid {
			v.Invalid = true
			u.render(w, req, http.StatusNotFound, "members_verify.html", p)
			return nil
		}
		return u.showError(w, req, err)
	}
	v.Card = res
	w.Header().Set("Cache-Control", "no-store") // the answer is today's
	u.render(w, req, http.StatusOK, "members_verify.html", p)
	return nil
}
