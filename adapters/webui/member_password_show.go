package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// passwordView is the data of the 修改密码 page, shared by members and staff.
type passwordView struct {
	Action     string
	MustChange bool // a legacy member's forced change
	Staff      bool // a staff account's: its password needs ten characters
}

// memberPasswordShow is the portal's 修改密码.
func (u *UI) memberPasswordShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "password")
	p.Form = newForm().set("email", mc.Dash.Email) // 确认邮箱 of a forced change
	p.Data = passwordView{Action: passwordPath, MustChange: mc.Dash.MustChangePassword}
	u.render(w, req, http.StatusOK, "password_change.html", p)
	return nil
}
