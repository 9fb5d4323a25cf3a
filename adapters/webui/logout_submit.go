package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// logoutSubmit ends the member's session (退出) and goes to the login page.
func (u *UI) logoutSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	u.logout(w, req)
	return redirect(w, req, "/login")
}

// logout ends the browser's session, if any, and clears its cookie.
func (u *UI) logout(w http.ResponseWriter, req bunrouter.Request) {
	if token := u.sessionToken(req.Request); token != "" {
		u.endSession(req.Context(), req, token)
		u.clearSessionCookie(w, req)
	}
}
