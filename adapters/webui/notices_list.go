package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// noticesList is 通知公告. Staff-published notices come with the content feature;
// until then the list is honestly empty.
func (u *UI) noticesList(w http.ResponseWriter, req bunrouter.Request) error {
	u.render(w, req, http.StatusOK, "notices.html", u.publicPage(w, req, "notices"))
	return nil
}
