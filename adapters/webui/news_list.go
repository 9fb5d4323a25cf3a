package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// newsList is 协会新闻; empty until the content feature exists.
func (u *UI) newsList(w http.ResponseWriter, req bunrouter.Request) error {
	u.render(w, req, http.StatusOK, "news.html", u.publicPage(w, req, "news"))
	return nil
}
