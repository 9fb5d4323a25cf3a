package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/content"
)

// ArticleFilter selects articles of a column.
type ArticleFilter struct {
	Column content.Column // required
	// Statuses to list (empty: every status).
	Statuses []content.Status
	// VisibleAt, when set, keeps only the articles shown to readers at that
	// time (published, PublishAt ≤ VisibleAt < UnpublishAt).
	VisibleAt time.Time
	// Audiences to list (empty: every audience).
	Audiences []content.Audience
	Limit     int
	Offset    int
}

// ArticleRepository stores the site's articles. Lists are ordered pinned
// first, then by date and creation, newest first, and are answered from an
// index on (column, status, pinned, date).
type ArticleRepository interface {
	// Add stores a new article (its Version is 1).
	Add(ctx context.Context, a content.Article) error
	// Save stores a changed article whose stored Version is a.Version-1; one
	// saved in between is an apperr Conflict (code article_changed).
	Save(ctx context.Context, a content.Article) error
	// Get loads an article; a missing one is an apperr NotFound.
	Get(ctx context.Context, id string) (content.Article, error)
	// List returns one page of the matching articles and how many match.
	List(ctx context.Context, f ArticleFilter) ([]content.Article, int, error)
}
