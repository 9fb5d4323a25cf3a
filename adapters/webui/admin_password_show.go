package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// adminPasswordPath is the back office's 修改密码.
const adminPasswordPath = "/admin/password"

// adminPasswordShow is the back office's 修改密码.
func (u *UI) adminPasswordShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "password")
	p.Form = newForm()
	p.Data = passwordView{Action: adminPasswordPath, Staff: true}
	u.render(w, req, http.StatusOK, "password_change.html", p)
	return nil
}
