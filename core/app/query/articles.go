package query

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

// Articles lists the articles of a column: for readers (Admin false) the
// ones shown now to the principal's audiences, for the editor (Admin true)
// every one, optionally of one status.
type Articles struct {
	Principal access.Principal
	Column    content.Column
	Admin     bool
	Status    content.Status // Admin only; empty: every status
	Page      int
	PageSize  int
}

// ArticlePage is one page of a column.
type ArticlePage struct {
	Column   content.Column
	Items    []content.Article
	Total    int
	Page     int
	PageSize int
	Pages    int
	// Now is the time the list was made at (scheduled articles are told from
	// published ones against it).
	Now time.Time
}

// ArticlesHandler answers the site's and the editor's lists, single articles
// and their files.
type ArticlesHandler struct {
	articles ports.ArticleRepository
	files    ports.FileStore
	authz    ports.Authorizer
	clock    ports.Clock
	// members, when set, gives a member reader the audience of its level now
	// (WithMembers).
	members ports.MemberRepository
}

// NewArticlesHandler builds the handler.
func NewArticlesHandler(articles ports.ArticleRepository, files ports.FileStore, authz ports.Authorizer,
	clock ports.Clock) *ArticlesHandler {
	return &ArticlesHandler{articles: articles, files: files, authz: authz, clock: clock}
}

// List returns one page of the column, pinned articles first, newest first.
func (h *ArticlesHandler) List(ctx context.Context, q Articles) (ArticlePage, error) {
	if !q.Column.Valid() {
		return ArticlePage{}, apperr.NotFound("column_not_found", "栏目不存在")
	}
	page, size := paging(q.Page, q.PageSize)
	now := h.clock.Now()
	f := ports.ArticleFilter{Column: q.Column, Limit: size, Offset: (page - 1) * size}
	if q.Admin {
		if err := access.Authorize(h.authz, q.Principal, access.EditContent, ""); err != nil {
			return ArticlePage{}, err
		}
		if q.Status != "" {
			f.Statuses = []content.Status{q.Status}
		}
	} else {
		f.VisibleAt, f.Audiences = now, h.audiences(h.reader(ctx, q.Principal))
	}
	items, total, err := h.articles.List(ctx, f)
	if err != nil {
		return ArticlePage{}, apperr.Internal(fmt.Errorf("list articles: %w", err))
	}
	return ArticlePage{Column: q.Column, Items: items, Total: total, Page: page, PageSize: size,
		Pages: pages(total, size), Now: now}, nil
}

// audiences are the audiences principal p reads: staff every one.
func (h *ArticlesHandler) audiences(p access.Principal) []content.Audience {
	switch {
	case p.IsStaff():
		return content.ReadableBy(true, true)
	case p.IsMember():
		return content.ReadableBy(true, p.Role == access.RoleCouncil)
	}
	return content.ReadableBy(false, false)
}

// Get returns an article as principal p may read it: shown now to one of p's
// audiences, or any article for the editor (a preview). Otherwise, like a
// missing one, it is NotFound.
func (h *ArticlesHandler) Get(ctx context.Context, p access.Principal, id string) (content.Article, error) {
	a, err := h.articles.Get(ctx, id)
	if err != nil {
		return content.Article{}, err
	}
	if h.readable(h.reader(ctx, p), &a) {
		return a, nil
	}
	return content.Article{}, apperr.NotFound("article_not_found", "文章不存在或已下线")
}

// ForEdit returns an article for the editor.
func (h *ArticlesHandler) ForEdit(ctx context.Context, p access.Principal, id string) (content.Article, error) {
	if err := access.Authorize(h.authz, p, access.EditContent, ""); err != nil {
		return content.Article{}, err
	}
	return h.articles.Get(ctx, id)
}

func (h *ArticlesHandler) readable(p access.Principal, a *content.Article) bool {
	if ok, err := access.Can(h.authz, p, access.EditContent, ""); err == nil && ok {
		return true
	}
	if !a.Visible(h.clock.Now()) {
		return false
	}
	for _, au := range h.audiences(p) {
		if au == a.Audience {
			return true
		}
	}
	return false
}

// File opens a file of an article principal p may read.
func (h *ArticlesHandler) File(ctx context.Context, p access.Principal, articleID,
	fileID string) (content.Attachment, io.ReadCloser, error) {
	a, err := h.Get(ctx, p, articleID)
	if err != nil {
		return content.Attachment{}, nil, err
	}
	f, ok := a.File(fileID)
	if !ok {
		return content.Attachment{}, nil, apperr.NotFound("file_not_found", "附件不存在")
	}
	rc, err := h.files.Open(ctx, f.Key)
	if err != nil {
		return content.Attachment{}, nil, err
	}
	return f, rc, nil
}
