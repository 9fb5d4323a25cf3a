package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// adminLogoutSubmit ends the staff session and goes to the back-office login.
func (u *UI) adminLogoutSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	u.logout(w, req)
	return redirect(w, req, "/admin/login")
}
