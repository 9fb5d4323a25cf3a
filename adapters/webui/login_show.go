package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// loginShow is the member login page (会员登录). A logged-in member goes straight
// on.
func (u *UI) loginShow(w http.ResponseWriter, req bunrouter.Request) error {
	next := safeNext(req.URL.Query().Get("next"), "")
	if s, ok := u.optionalSession(req); ok && s.Principal.IsMember() {
		return redirect(w, req, safeNext(next, "/member"))
	}
	p := u.publicPage(w, req, "login")
	p.Form = newForm().set("next", next)
	u.render(w, req, http.StatusOK, "login.html", p)
	return nil
}
