package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

// articleRow is one article of the site (articles, migration 0015).
type articleRow struct {
	bun.BaseModel `bun:"table:articles"`

	ID          string    `bun:"id,pk"`
	Column      string    `bun:"col"`
	Title       string    `bun:"title"`
	Day         time.Time `bun:"day"`
	Body        string    `bun:"body"`
	Audience    string    `bun:"audience"`
	Pinned      bool      `bun:"pinned"`
	Status      string    `bun:"status"`
	PublishAt   time.Time `bun:"publish_at,nullzero"`
	UnpublishAt time.Time `bun:"unpublish_at,nullzero"`
	Files       string    `bun:"files"`
	CreatedAt   time.Time `bun:"created_at"`
	UpdatedAt   time.Time `bun:"updated_at"`
	UpdatedBy   string    `bun:"updated_by"`
	Version     int       `bun:"version"`
}

func toArticleRow(a content.Article) (articleRow, error) {
	files := a.Files
	if files == nil {
		files = []content.Attachment{}
	}
	js, err := json.Marshal(files)
	if err != nil {
		return articleRow{}, fmt.Errorf("bunstore: encode article files: %w", err)
	}
	return articleRow{ID: a.ID, Column: string(a.Column), Title: a.Title, Day: storedTime(a.Date), Body: a.Body,
		Audience: string(a.Audience), Pinned: a.Pinned, Status: string(a.Status),
		PublishAt: storedTime(a.PublishAt), UnpublishAt: storedTime(a.UnpublishAt), Files: string(js),
		CreatedAt: storedTime(a.CreatedAt), UpdatedAt: storedTime(a.UpdatedAt), UpdatedBy: a.UpdatedBy,
		Version: a.Version}, nil
}

func (r articleRow) article() (content.Article, error) {
	var files []content.Attachment
	if err := json.Unmarshal([]byte(r.Files), &files); err != nil {
		return content.Article{}, fmt.Errorf("bunstore: decode files of article %s: %w", r.ID, err)
	}
	return content.Article{ID: r.ID, Column: content.Column(r.Column), Title: r.Title, Date: loadedTime(r.Day),
		Body: r.Body, Audience: content.Audience(r.Audience), Pinned: r.Pinned, Status: content.Status(r.Status),
		PublishAt: loadedTime(r.PublishAt), UnpublishAt: loadedTime(r.UnpublishAt), Files: files,
		CreatedAt: loadedTime(r.CreatedAt), UpdatedAt: loadedTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy,
		Version: r.Version}, nil
}

// Articles stores the site's articles; it implements ports.ArticleRepository.
type Articles struct{ db *DB }

var _ ports.ArticleRepository = (*Articles)(nil)

// NewArticles returns the article repository of db.
func NewArticles(db *DB) *Articles { return &Articles{db: db} }

// Add inserts a new article with version 1.
func (x *Articles) Add(ctx context.Context, a content.Article) error {
	a.Version = 1
	row, err := toArticleRow(a)
	if err != nil {
		return err
	}
	if _, err := x.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: add article: %w", err)
	}
	return nil
}

// Save updates an article whose stored version is a.Version-1.
func (x *Articles) Save(ctx context.Context, a content.Article) error {
	row, err := toArticleRow(a)
	if err != nil {
		return err
	}
	res, err := x.db.conn(ctx).NewUpdate().Model(&row).WherePK().Where("version = ?", a.Version-1).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save article: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if _, gerr := x.Get(ctx, a.ID); gerr != nil {
			return gerr
		}
		return apperr.Conflict("article_changed", "该文章已被他人修改，请刷新后重试")
	}
	return nil
}

// Get loads an article.
func (x *Articles) Get(ctx context.Context, id string) (content.Article, error) {
	var row articleRow
	if err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return content.Article{}, notFound(err, "article_not_found", "文章不存在")
	}
	return row.article()
}

// List returns one page of the matching articles and how many match.
func (x *Articles) List(ctx context.Context, f ports.ArticleFilter) ([]content.Article, int, error) {
	var rows []articleRow
	sel := x.db.conn(ctx).NewSelect().Model(&rows).Where("col = ?", string(f.Column)).
		OrderExpr("pinned DESC, day DESC, created_at DESC, id DESC")
	if len(f.Statuses) > 0 {
		sel = sel.Where("status IN (?)", bun.List(f.Statuses))
	}
	if len(f.Audiences) > 0 {
		sel = sel.Where("audience IN (?)", bun.List(f.Audiences))
	}
	if !f.VisibleAt.IsZero() {
		at := storedTime(f.VisibleAt)
		sel = sel.Where("status = ?", string(content.Published)).
			Where("(publish_at IS NULL OR publish_at <= ?)", at).
			Where("(unpublish_at IS NULL OR unpublish_at > ?)", at)
	}
	if f.Limit > 0 {
		sel = sel.Limit(f.Limit).Offset(max(f.Offset, 0))
	}
	total, err := sel.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list articles: %w", err)
	}
	out := make([]content.Article, 0, len(rows))
	for _, r := range rows {
		a, err := r.article()
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, nil
}
