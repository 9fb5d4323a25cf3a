package webui

import (
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/content"
)

// columnPageSize is how many articles a column's page lists.
const columnPageSize = 15

// columnListView is the data of a column's list page.
type columnListView struct {
	Column     content.Column
	Page       query.ArticlePage
	Prev, Next string
	Feed       string // the column's Atom feed, "" for none
}

// noticesList is 通知公告.
func (u *UI) noticesList(w http.ResponseWriter, req bunrouter.Request) error {
	return u.columnList(w, req, content.Notices)
}

// memberNewsList is 会员动态.
func (u *UI) memberNewsList(w http.ResponseWriter, req bunrouter.Request) error {
	return u.columnList(w, req, content.MemberNews)
}

// eventsList is 活动通告 (members see the members' ones).
func (u *UI) eventsList(w http.ResponseWriter, req bunrouter.Request) error {
	return u.columnList(w, req, content.Events)
}

// columnList is a column's list: the articles shown now to the viewer,
// pinned first, newest first, paged on the server.
func (u *UI) columnList(w http.ResponseWriter, req bunrouter.Request, c content.Column) error {
	pg, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: u.viewerPrincipal(req),
		Column: c, Page: pageParam(req), PageSize: columnPageSize})
	if err != nil {
		return u.showError(w, req, err)
	}
	if pg.Page > 1 && pg.Page > pg.Pages {
		return u.NotFound(w, req)
	}
	v := columnListView{Column: c, Page: pg}
	if c != content.Events {
		v.Feed = c.Path() + "/feed.xml"
	}
	if pg.Page > 1 {
		v.Prev = c.Path() + "?page=" + strconv.Itoa(pg.Page-1)
	}
	if pg.Page < pg.Pages {
		v.Next = c.Path() + "?page=" + strconv.Itoa(pg.Page+1)
	}
	p := u.publicPage(w, req, navOf(c))
	p.Data = &v
	u.render(w, req, http.StatusOK, "articles.html", p)
	return nil
}
