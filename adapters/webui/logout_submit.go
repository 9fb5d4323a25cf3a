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
	tokens := u.cookies.tokens(req.Request)
	for _, token := range tokens {
		u.endSession(req.Context(), req, token)
	}
	if len(tokens) > 0 {
		u.clearSessionCookie(w, req)
	}
}
