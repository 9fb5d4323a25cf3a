package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// adminPasswordSubmit changes the staff account's password.
func (u *UI) adminPasswordSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	err := u.app.Commands.ChangePassword.Handle(req.Context(), changePasswordCmd(req, sc.Session.Principal, sc.Token))
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "password")
	p.Form = newForm()
	p.Data = passwordView{Action: adminPasswordPath, Staff: true}
	if err != nil {
		return u.formFailed(w, req, err, "password_change.html", p)
	}
	p.Notice = msgPasswordChanged
	u.render(w, req, http.StatusOK, "password_change.html", p)
	return nil
}
