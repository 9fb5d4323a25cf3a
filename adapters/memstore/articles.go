package memstore

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

// Articles stores the site's articles; it implements ports.ArticleRepository.
type Articles struct{ s *Store }

var _ ports.ArticleRepository = (*Articles)(nil)

// Articles returns the article repository.
func (s *Store) Articles() *Articles { return &Articles{s: s} }

func errArticleChanged() error {
	return apperr.Conflict("article_changed", "该文章已被他人修改，请刷新后重试")
}

func storedArticle(a content.Article) content.Article {
	a.Date, a.PublishAt, a.UnpublishAt = storedTime(a.Date), storedTime(a.PublishAt), storedTime(a.UnpublishAt)
	a.CreatedAt, a.UpdatedAt = storedTime(a.CreatedAt), storedTime(a.UpdatedAt)
	a.Files = slices.Clone(a.Files)
	return a
}

// Add stores a new article with version 1.
func (r *Articles) Add(ctx context.Context, a content.Article) error {
	a = storedArticle(a)
	a.Version = 1
	return r.s.write(ctx, true, "Articles.Add", func(d *data) error {
		if d.articles.has(a.ID) {
			return apperr.Conflict("article_exists", "文章已存在")
		}
		d.articles.put(a.ID, a)
		return nil
	})
}

// Save stores a changed article whose stored version is a.Version-1.
func (r *Articles) Save(ctx context.Context, a content.Article) error {
	a = storedArticle(a)
	return r.s.write(ctx, true, "Articles.Save", func(d *data) error {
		old, ok := d.articles.get(a.ID)
		if !ok {
			return apperr.NotFound("article_not_found", "文章不存在")
		}
		if old.Version != a.Version-1 {
			return errArticleChanged()
		}
		d.articles.put(a.ID, a)
		return nil
	})
}

// Get loads an article.
func (r *Articles) Get(ctx context.Context, id string) (content.Article, error) {
	var a content.Article
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if a, ok = d.articles.get(id); !ok {
			return apperr.NotFound("article_not_found", "文章不存在")
		}
		return nil
	})
	a.Files = slices.Clone(a.Files)
	return a, err
}

// List returns one page of the matching articles and how many match.
func (r *Articles) List(ctx context.Context, f ports.ArticleFilter) ([]content.Article, int, error) {
	var all []content.Article
	err := r.s.read(ctx, true, func(d *data) error {
		for _, a := range d.articles.all() {
			if articleMatches(a, f) {
				all = append(all, a)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, compareArticles)
	total := len(all)
	out := slices.Clone(page(all, f.Limit, f.Offset))
	for i := range out {
		out[i].Files = slices.Clone(out[i].Files)
	}
	return out, total, nil
}

// compareArticles orders pinned first, then date, creation and id, newest first.
func compareArticles(a, b content.Article) int {
	switch {
	case a.Pinned != b.Pinned:
		if a.Pinned {
			return -1
		}
		return 1
	case !a.Date.Equal(b.Date):
		return b.Date.Compare(a.Date)
	case !a.CreatedAt.Equal(b.CreatedAt):
		return b.CreatedAt.Compare(a.CreatedAt)
	}
	if a.ID > b.ID {
		return -1
	}
	if a.ID < b.ID {
		return 1
	}
	return 0
}

func articleMatches(a content.Article, f ports.ArticleFilter) bool {
	switch {
	case a.Column != f.Column,
		len(f.Statuses) > 0 && !slices.Contains(f.Statuses, a.Status),
		len(f.Audiences) > 0 && !slices.Contains(f.Audiences, a.Audience),
		!f.VisibleAt.IsZero() && !a.Visible(storedTime(f.VisibleAt)):
		return false
	}
	return true
}
