package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// cardView is the data of 我的会员卡.
type cardView struct {
	Name     string
	Number   string
	Validity string // 2020-09-20, or --(等待秘书处审批)
	Status   string
	Active   bool
}

// memberCard is 我的会员卡 of an individual member: name, number and validity.
// (The card with its QR code comes with the card feature; this page is its
// placeholder.) Enterprises and members without a number have no card.
func (u *UI) memberCard(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	d := mc.Dash
	if d.Kind != member.Individual || d.Number == "" {
		return u.showError(w, req, apperr.NotFound("card_not_found", "我的会员卡仅供已审核通过的个人会员使用"))
	}
	v := cardView{Name: d.Name, Number: d.Number, Validity: d.ValidityText, Status: d.StatusLabel,
		Active: d.Status.IsMember()}
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "")
	p.Data = v
	u.render(w, req, http.StatusOK, "member_card.html", p)
	return nil
}
