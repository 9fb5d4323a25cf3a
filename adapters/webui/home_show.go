package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/content"
)

// homeLatest is how many articles each column's card of the home lists.
const homeLatest = 6

// homeColumn is one column's card of the home.
type homeColumn struct {
	Column content.Column
	Items  []content.Article
}

// homeShow is the public home page: the welcome card and the latest 通知公告,
// 协会新闻 and 会员动态 the viewer may read.
func (u *UI) homeShow(w http.ResponseWriter, req bunrouter.Request) error {
	cols := []homeColumn{{Column: content.Notices}, {Column: content.News}, {Column: content.MemberNews}}
	viewer := u.viewerPrincipal(req)
	for i := range cols {
		pg, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: viewer,
			Column: cols[i].Column, PageSize: homeLatest})
		if err != nil {
			return u.showError(w, req, err)
		}
		cols[i].Items = pg.Items
	}
	p := u.publicPage(w, req, "home")
	p.Data = cols
	u.render(w, req, http.StatusOK, "home.html", p)
	return nil
}
