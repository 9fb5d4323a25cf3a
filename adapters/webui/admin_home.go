package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// adminHome is the back office's home: the account card. The work queues arrive
// with the review, finance and secretariat features.
func (u *UI) adminHome(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "home")
	p.Data = sc.Staff
	u.render(w, req, http.StatusOK, "admin_home.html", p)
	return nil
}
