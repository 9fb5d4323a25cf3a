package webui

import (
	"html/template"
	"mime"
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// articleView is the data of an article's page.
type articleView struct {
	Article     content.Article
	Body        template.HTML
	Description string
	Cover       *content.Attachment
	Files       []content.Attachment
}

// viewerPrincipal is the request's principal: the session's, or a guest.
func (u *UI) viewerPrincipal(req bunrouter.Request) access.Principal {
	if s, ok := u.optionalSession(req); ok {
		return s.Principal
	}
	return access.Guest
}

// articleShow is an article's page: title, date, cover, the sanitised body
// and the attachments — for the readers of its audience while it is shown,
// and for the editor at any time (a preview).
func (u *UI) articleShow(w http.ResponseWriter, req bunrouter.Request) error {
	a, err := u.app.Queries.Articles.Get(req.Context(), u.viewerPrincipal(req), req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	v := articleView{Article: a, Body: u.md.render(a.Body), Description: u.describe(a)}
	for i, f := range a.Files {
		switch f.Kind {
		case content.AttachCover:
			v.Cover = &a.Files[i]
		case content.AttachFile:
			v.Files = append(v.Files, f)
		}
	}
	p := u.publicPage(w, req, navOf(a.Column))
	p.Data = &v
	u.render(w, req, http.StatusOK, "article.html", p)
	return nil
}

// navOf is the public navigation link of a column.
func navOf(c content.Column) string {
	switch c {
	case content.Notices:
		return "notices"
	case content.News:
		return "news"
	}
	return string(c)
}

// describe is an article's meta description: the first 120 characters of its
// body as the site shows it, as plain text (or its title).
func (u *UI) describe(a content.Article) string {
	words := strings.Fields(u.md.plain(a.Body))
	text := []rune(strings.Join(words, " "))
	if len(text) > 120 {
		text = append(text[:120], '…')
	}
	if len(text) == 0 {
		return a.Title
	}
	return string(text)
}

// articleFile sends a file of an article the viewer may read: pictures inline,
// documents as downloads under their uploaded name.
func (u *UI) articleFile(w http.ResponseWriter, req bunrouter.Request) error {
	f, rc, err := u.app.Queries.Articles.File(req.Context(), u.viewerPrincipal(req), req.Param("id"),
		req.Param("file"))
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = rc.Close() }()
	disposition := "attachment"
	if strings.HasPrefix(f.ContentType, "image/") {
		disposition = "inline"
	}
	return writeFile(w, f.ContentType, mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}),
		f.Size, rc)
}
