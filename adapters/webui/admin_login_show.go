package webui

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"
)

// adminLoginShow is the back-office login page; logged-in staff go straight on.
func (u *UI) adminLoginShow(w http.ResponseWriter, req bunrouter.Request) error {
	next := safeAdminNext(req.URL.Query().Get("next"))
	if s, ok := u.optionalSession(req); ok && s.Principal.IsStaff() {
		return redirect(w, req, next)
	}
	p := u.newPage(w, req, "admin")
	p.Form = newForm().set("next", next)
	u.render(w, req, http.StatusOK, "admin_login.html", p)
	return nil
}

// safeAdminNext returns a back-office page to go to after login, /admin by default.
func safeAdminNext(next string) string {
	next = safeNext(next, "/admin")
	if !isAdminPath(pathOf(next)) {
		return "/admin"
	}
	return next
}

// pathOf returns the path part of a local URL.
func pathOf(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}
