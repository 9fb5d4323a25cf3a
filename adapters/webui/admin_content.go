package webui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/content"
)

// adminContentPath is 网站内容: the editor's columns and articles.
const adminContentPath = "/admin/content"

// contentTab is one column or status tab of the editor's list.
type contentTab struct {
	Label, Href string
	Active      bool
}

// contentListView is the data of the editor's list.
type contentListView struct {
	Column     content.Column
	Status     content.Status
	Columns    []contentTab
	Statuses   []contentTab
	Page       query.ArticlePage
	Prev, Next string
}

// Messages of the editor after a redirect.
var contentNotices = map[string]string{"saved": "已保存", "created": "已新建草稿，可继续上传附件后发布",
	"published": "已发布", "scheduled": "已设置定时发布，到时自动显示", "draft": "已撤回为草稿",
	"archived": "已归档", "uploaded": "文件已上传", "removed": "文件已删除"}

func columnParam(req bunrouter.Request) content.Column {
	c := content.Column(req.URL.Query().Get("column"))
	if !c.Valid() {
		return content.Notices
	}
	return c
}

// adminContentList is 网站内容: one column's articles of every status, newest
// first, pinned on top, paged.
func (u *UI) adminContentList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v := contentListView{Column: columnParam(req), Status: content.Status(req.URL.Query().Get("status"))}
	switch v.Status {
	case content.Draft, content.Published, content.Archived:
	default:
		v.Status = ""
	}
	pg, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: sc.Session.Principal,
		Column: v.Column, Admin: true, Status: v.Status, Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v.Page = pg
	link := func(c content.Column, s content.Status, page int) string {
		q := url.Values{"column": {string(c)}}
		if s != "" {
			q.Set("status", string(s))
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		return adminContentPath + "?" + q.Encode()
	}
	for _, c := range content.Columns() {
		v.Columns = append(v.Columns, contentTab{Label: c.Label(), Href: link(c, "", 1), Active: c == v.Column})
	}
	for _, s := range []content.Status{"", content.Draft, content.Published, content.Archived} {
		label := "全部"
		if s != "" {
			label = s.Label()
		}
		v.Statuses = append(v.Statuses, contentTab{Label: label, Href: link(v.Column, s, 1), Active: s == v.Status})
	}
	if pg.Page > 1 {
		v.Prev = link(v.Column, v.Status, pg.Page-1)
	}
	if pg.Page < pg.Pages {
		v.Next = link(v.Column, v.Status, pg.Page+1)
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "content")
	p.Notice = noticeFor(req, contentNotices)
	p.Data = &v
	u.render(w, req, http.StatusOK, "admin_content_list.html", p)
	return nil
}

// articleForm reads the editor's form into the command and the kept values.
func articleForm(req bunrouter.Request, sc *staffCtx) (command.SaveArticle, *form) {
	f := newForm()
	get := func(name string) string {
		s := req.PostFormValue(name)
		f.set(name, s)
		return s
	}
	version, _ := strconv.Atoi(req.PostFormValue("version"))
	cmd := command.SaveArticle{Principal: sc.Session.Principal, ID: req.Param("id"), Version: version,
		Column: content.Column(get("column")), Title: get("title"), Date: get("date"), Body: get("body"),
		Audience: content.Audience(get("audience")), Pinned: get("pinned") == "on",
		PublishAt: get("publish_at"), UnpublishAt: get("unpublish_at")}
	f.set("version", req.PostFormValue("version"))
	return cmd, f
}

// adminContentNew is the form of a new article of a column.
func (u *UI) adminContentNew(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm().set("column", string(columnParam(req))).set("date", u.now().Format("2006-01-02")).
		set("audience", string(content.Public))
	return u.renderArticleEdit(w, req, sc, f, nil, http.StatusOK)
}

// adminContentCreate stores a new draft and opens it for its files.
func (u *UI) adminContentCreate(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	cmd, f := articleForm(req, sc)
	cmd.ID = ""
	id, err := u.app.Commands.SaveArticle.Handle(req.Context(), cmd)
	if err != nil {
		return u.articleFailed(w, req, sc, f, nil, err)
	}
	return redirectDone(w, req, adminContentPath+"/"+id, "created")
}

// adminContentEdit is the form of an article with its files and actions.
func (u *UI) adminContentEdit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	a, err := u.app.Queries.Articles.ForEdit(req.Context(), sc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	return u.renderArticleEdit(w, req, sc, u.articleValues(a), &a, http.StatusOK)
}

// adminContentSave stores the changed text and settings of an article.
func (u *UI) adminContentSave(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	cmd, f := articleForm(req, sc)
	if _, err := u.app.Commands.SaveArticle.Handle(req.Context(), cmd); err != nil {
		a, gerr := u.app.Queries.Articles.ForEdit(req.Context(), sc.Session.Principal, cmd.ID)
		if gerr != nil {
			return u.showError(w, req, gerr)
		}
		f.set("column", string(a.Column))
		return u.articleFailed(w, req, sc, f, &a, err)
	}
	return redirectDone(w, req, adminContentPath+"/"+cmd.ID, "saved")
}

// adminContentStatus publishes, withdraws or archives an article.
func (u *UI) adminContentStatus(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id := req.Param("id")
	version, _ := strconv.Atoi(req.PostFormValue("version"))
	to := content.Status(req.PostFormValue("to"))
	err := u.app.Commands.ChangeArticleStatus.Handle(req.Context(), command.ChangeArticleStatus{
		Principal: sc.Session.Principal, ID: id, Version: version, To: to})
	a, gerr := u.app.Queries.Articles.ForEdit(req.Context(), sc.Session.Principal, id)
	if gerr != nil {
		return u.showError(w, req, gerr)
	}
	if err != nil {
		return u.articleFailed(w, req, sc, u.articleValues(a), &a, err)
	}
	done := string(to)
	if a.Scheduled(u.now()) {
		done = "scheduled"
	}
	return redirectDone(w, req, adminContentPath+"/"+id, done)
}
