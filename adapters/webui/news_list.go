package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/domain/content"
)

// newsList is 协会新闻.
func (u *UI) newsList(w http.ResponseWriter, req bunrouter.Request) error {
	return u.columnList(w, req, content.News)
}
