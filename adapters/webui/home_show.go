package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// homeShow is the public home page: the welcome card and the 通知公告 / 协会新闻
// cards.
func (u *UI) homeShow(w http.ResponseWriter, req bunrouter.Request) error {
	u.render(w, req, http.StatusOK, "home.html", u.publicPage(w, req, "home"))
	return nil
}
