package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/content"
)

// articleRequest is the editor's article (schema ArticleRequest).
type articleRequest struct {
	Column      string `json:"column"`
	Title       string `json:"title"`
	Date        string `json:"date"`
	Body        string `json:"body"`
	Audience    string `json:"audience"`
	Pinned      bool   `json:"pinned"`
	PublishAt   string `json:"publish_at"`
	UnpublishAt string `json:"unpublish_at"`
	Version     int    `json:"version"`
}

// articleStatusRequest moves an article (schema ArticleStatusRequest).
type articleStatusRequest struct {
	To      string `json:"to"`
	Version int    `json:"version"`
}

// articleRefJSON is where an article stands after a change (schema ArticleRef).
type articleRefJSON struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Version int    `json:"version"`
}

func (a *API) articleRef(w http.ResponseWriter, req bunrouter.Request, status int, id string) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	art, err := a.app.Queries.Articles.ForEdit(req.Context(), s.Principal, id)
	if err != nil {
		return err
	}
	return a.ok(w, status, articleRefJSON{ID: art.ID, Status: string(art.Status), Version: art.Version})
}

// saveArticle is POST /articles (a new draft) and PUT /articles/{article_id}.
func (a *API) saveArticle(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in articleRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id, err := a.app.Commands.SaveArticle.Handle(req.Context(), command.SaveArticle{Principal: s.Principal,
		ID: req.Param("article_id"), Version: in.Version, Column: content.Column(in.Column), Title: in.Title,
		Date: in.Date, Body: in.Body, Audience: content.Audience(in.Audience), Pinned: in.Pinned,
		PublishAt: in.PublishAt, UnpublishAt: in.UnpublishAt})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if req.Param("article_id") == "" {
		status = http.StatusCreated
	}
	return a.articleRef(w, req, status, id)
}

// changeArticleStatus is POST /articles/{article_id}/status.
func (a *API) changeArticleStatus(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in articleStatusRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id := req.Param("article_id")
	if err := a.app.Commands.ChangeArticleStatus.Handle(req.Context(), command.ChangeArticleStatus{
		Principal: s.Principal, ID: id, Version: in.Version, To: content.Status(in.To)}); err != nil {
		return err
	}
	return a.articleRef(w, req, http.StatusOK, id)
}
