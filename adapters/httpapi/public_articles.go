package httpapi

import (
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// articleSummaryJSON is an article in a list (schema ArticleSummary).
type articleSummaryJSON struct {
	ID     string `json:"id"`
	Column string `json:"column"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Pinned bool   `json:"pinned"`
}

// articleFileJSON is an attachment (schema ArticleFile).
type articleFileJSON struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

// articleJSON is a public article (schema Article): the Markdown body as
// written; sites render it with their own sanitiser or use the web page.
type articleJSON struct {
	articleSummaryJSON
	Body  string            `json:"body"`
	Files []articleFileJSON `json:"files"`
}

// articlePageJSON is one page of a column (schema ArticlePage).
type articlePageJSON struct {
	Items []articleSummaryJSON `json:"items"`
	Total int                  `json:"total"`
	Page  int                  `json:"page"`
	Pages int                  `json:"pages"`
}

func summaryOf(a content.Article) articleSummaryJSON {
	return articleSummaryJSON{ID: a.ID, Column: string(a.Column), Title: a.Title,
		Date: a.Date.Format("2006-01-02"), Pinned: a.Pinned}
}

// listPublicArticles is GET /public/articles?column=&page=: the public
// articles of a column shown now, pinned first, newest first.
func (a *API) listPublicArticles(w http.ResponseWriter, req bunrouter.Request) error {
	page, _ := strconv.Atoi(req.URL.Query().Get("page"))
	pg, err := a.app.Queries.Articles.List(req.Context(), query.Articles{Principal: access.Guest,
		Column: content.Column(req.URL.Query().Get("column")), Page: page})
	if err != nil {
		return err
	}
	out := articlePageJSON{Items: make([]articleSummaryJSON, 0, len(pg.Items)), Total: pg.Total, Page: pg.Page,
		Pages: pg.Pages}
	for _, it := range pg.Items {
		out.Items = append(out.Items, summaryOf(it))
	}
	return a.ok(w, http.StatusOK, out)
}

// getPublicArticle is GET /public/articles/{article_id}: a public article shown
// now, with its files' addresses.
func (a *API) getPublicArticle(w http.ResponseWriter, req bunrouter.Request) error {
	art, err := a.app.Queries.Articles.Get(req.Context(), access.Guest, req.Param("article_id"))
	if err != nil {
		return err
	}
	out := articleJSON{articleSummaryJSON: summaryOf(art), Body: art.Body, Files: []articleFileJSON{}}
	for _, f := range art.Files {
		out.Files = append(out.Files, articleFileJSON{ID: f.ID, Kind: f.Kind, Name: f.Name,
			ContentType: f.ContentType, Size: f.Size, URL: "/articles/" + art.ID + "/files/" + f.ID})
	}
	return a.ok(w, http.StatusOK, out)
}
