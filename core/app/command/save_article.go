package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/id"
)

// SaveArticle is an editor's save of an article's text and settings: a new
// draft (ID empty) or a change of an existing article of any status.
type SaveArticle struct {
	Principal access.Principal
	ID        string // empty: a new draft in Column
	Version   int    // the version the editor opened (an existing article)
	Column    content.Column
	Title     string
	Date      string // 2006-01-02
	Body      string // Markdown
	Audience  content.Audience
	Pinned    bool
	// PublishAt and UnpublishAt schedule the article (DateTimeLayout in the
	// association's zone, or empty).
	PublishAt   string
	UnpublishAt string
}

// SaveArticleHandler saves articles.
type SaveArticleHandler struct{ d ArticleDeps }

// NewSaveArticleHandler builds the handler.
func NewSaveArticleHandler(d ArticleDeps) *SaveArticleHandler {
	d.Loc = orUTC(d.Loc)
	return &SaveArticleHandler{d: d}
}

// Handle validates and stores the article with its audit entry (content.change)
// and returns its id. A refused save stores nothing; a save of an article
// changed since it was opened is a Conflict.
func (h *SaveArticleHandler) Handle(ctx context.Context, cmd SaveArticle) (string, error) {
	p, d := cmd.Principal, h.d
	if err := access.Authorize(d.Authz, p, access.EditContent, ""); err != nil {
		return "", err
	}
	var v apperr.Validation
	a := content.Article{Column: cmd.Column, Title: cmd.Title, Body: cmd.Body, Audience: cmd.Audience,
		Pinned: cmd.Pinned, Date: parseDay(&v, "date", cmd.Date),
		PublishAt:   parseDateTime(&v, "publish_at", cmd.PublishAt, d.Loc),
		UnpublishAt: parseDateTime(&v, "unpublish_at", cmd.UnpublishAt, d.Loc)}
	if a.Audience == "" {
		a.Audience = content.Public
	}
	a.Normalize()
	now := d.Clock.Now()
	if cmd.ID == "" {
		return h.create(ctx, p, a, &v)
	}
	before, err := d.loadForEdit(ctx, p, cmd.ID, cmd.Version)
	if err != nil {
		return "", err
	}
	a.ID, a.Column, a.Status, a.Files, a.CreatedAt = before.ID, before.Column, before.Status, before.Files,
		before.CreatedAt
	if err := a.Validate(&before, now); err != nil {
		mergeValidation(&v, err)
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	if err := d.saveArticle(ctx, p, before, a, "修改文章"); err != nil {
		return "", errArticle("save article", err)
	}
	return a.ID, nil
}

// create stores a new draft.
func (h *SaveArticleHandler) create(ctx context.Context, p access.Principal, a content.Article,
	v *apperr.Validation) (string, error) {
	d := h.d
	now := d.Clock.Now()
	if err := a.Validate(nil, now); err != nil {
		mergeValidation(v, err)
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	a.ID, a.Status, a.Version = id.New(now), content.Draft, 1
	a.CreatedAt, a.UpdatedAt, a.UpdatedBy = now.UTC(), now.UTC(), p.ID
	err := inTx(ctx, d.Tx, func(ctx context.Context) error {
		if err := d.Articles.Add(ctx, a); err != nil {
			return err
		}
		return d.recordArticle(ctx, p, nil, &a, "新建文章")
	})
	if err != nil {
		return "", errArticle("add article", err)
	}
	return a.ID, nil
}

// mergeValidation adds the field errors of err to v (the first per field wins).
func mergeValidation(v *apperr.Validation, err error) {
	for _, f := range apperr.As(err).Fields {
		v.Add(f.Field, f.Code, f.Message)
	}
}
