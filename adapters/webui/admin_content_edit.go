package webui

import (
	"html/template"
	"io"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/internal/httpkit"
)

// articleEditView is the data of the editor's form.
type articleEditView struct {
	Article   *content.Article // nil for a new article
	Column    content.Column
	Preview   template.HTML
	Audiences []content.Audience
	Scheduled bool
	Ended     bool // published, but its UnpublishAt has passed
	Visible   bool
	// Moves are the status buttons the article's life allows.
	Moves []articleMove
}

// articleMove is one status button.
type articleMove struct {
	To    content.Status
	Label string
}

// articleValues are the form values of a stored article.
func (u *UI) articleValues(a content.Article) *form {
	f := newForm().set("column", string(a.Column)).set("title", a.Title).set("date", a.Date.Format("2006-01-02")).
		set("body", a.Body).set("audience", string(a.Audience)).set("version", strconv.Itoa(a.Version))
	if a.Pinned {
		f.set("pinned", "on")
	}
	if !a.PublishAt.IsZero() {
		f.set("publish_at", a.PublishAt.In(u.cfg.Location).Format(command.DateTimeLayout))
	}
	if !a.UnpublishAt.IsZero() {
		f.set("unpublish_at", a.UnpublishAt.In(u.cfg.Location).Format(command.DateTimeLayout))
	}
	return f
}

// renderArticleEdit shows the editor's form (a nil article: a new one).
func (u *UI) renderArticleEdit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form,
	a *content.Article, status int) error {
	v := articleEditView{Article: a, Column: content.Column(f.Value("column")), Preview: u.md.render(f.Value("body")),
		Audiences: []content.Audience{content.Public, content.Members, content.Council}}
	if a != nil {
		now := u.now()
		v.Scheduled, v.Ended, v.Visible = a.Scheduled(now), a.Ended(now), a.Visible(now)
		for _, to := range []content.Status{content.Published, content.Draft, content.Archived} {
			if content.CanMove(a.Status, to) {
				v.Moves = append(v.Moves, articleMove{To: to, Label: map[content.Status]string{
					content.Published: "发布", content.Draft: "撤回为草稿", content.Archived: "归档"}[to]})
			}
		}
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "content")
	p.Form = f
	p.Notice = noticeFor(req, contentNotices)
	p.Data = &v
	u.render(w, req, status, "admin_content_edit.html", p)
	return nil
}

// articleFailed re-renders the form with the core's messages.
func (u *UI) articleFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form,
	a *content.Article, err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	f.fail(e)
	return u.renderArticleEdit(w, req, sc, f, a, httpkit.Status(e.Kind))
}

// adminContentUpload adds a file (attachment, cover or body picture) to an
// article; the session and the editor's right are checked before the body is
// read.
func (u *UI) adminContentUpload(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id, kind := req.Param("id"), req.PostFormValue("kind")
	if kind == "" {
		kind = content.AttachFile
	}
	fh, _, err := uploadOf(req).singleFileOf(command.ArticleFileField, "每次只能上传1个文件")
	if err == nil {
		var file io.ReadCloser
		if file, err = fh.Open(); err == nil {
			_, err = u.app.Commands.UploadArticleFile.Handle(req.Context(), command.UploadArticleFile{
				Principal: sc.Session.Principal, ArticleID: id, Kind: kind,
				FileName: fh.Filename, Content: file})
			_ = file.Close()
		}
	}
	if err != nil {
		a, gerr := u.app.Queries.Articles.ForEdit(req.Context(), sc.Session.Principal, id)
		if gerr != nil {
			return u.showError(w, req, gerr)
		}
		return u.articleFailed(w, req, sc, u.articleValues(a), &a, err)
	}
	return redirectDone(w, req, adminContentPath+"/"+id, "uploaded")
}

// adminContentRemoveFile takes a file off an article.
func (u *UI) adminContentRemoveFile(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id := req.Param("id")
	err := u.app.Commands.RemoveArticleFile.Handle(req.Context(), command.RemoveArticleFile{
		Principal: sc.Session.Principal, ArticleID: id, FileID: req.Param("file")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return redirectDone(w, req, adminContentPath+"/"+id, "removed")
}

// adminContentPreview renders a body for the editor's live preview: the same
// sanitised HTML the site shows.
func (u *UI) adminContentPreview(w http.ResponseWriter, req bunrouter.Request, _ *staffCtx) error {
	body := req.PostFormValue("body")
	if len([]rune(body)) > content.MaxBodyLen {
		body = string([]rune(body)[:content.MaxBodyLen])
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := io.WriteString(w, string(u.md.render(body)))
	return err
}
