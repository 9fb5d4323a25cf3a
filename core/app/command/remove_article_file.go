package command

import (
	"context"
	"fmt"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// RemoveArticleFile takes a file off an article.
type RemoveArticleFile struct {
	Principal access.Principal
	ArticleID string
	FileID    string
}

// RemoveArticleFileHandler removes article files.
type RemoveArticleFileHandler struct{ d ArticleDeps }

// NewRemoveArticleFileHandler builds the handler.
func NewRemoveArticleFileHandler(d ArticleDeps) *RemoveArticleFileHandler {
	d.Loc = orUTC(d.Loc)
	return &RemoveArticleFileHandler{d: d}
}

// Handle removes the file from the article (audited), then from the store.
func (h *RemoveArticleFileHandler) Handle(ctx context.Context, cmd RemoveArticleFile) error {
	p, d := cmd.Principal, h.d
	before, err := d.loadForEdit(ctx, p, cmd.ArticleID, 0)
	if err != nil {
		return err
	}
	f, ok := before.File(cmd.FileID)
	if !ok {
		return apperr.NotFound("file_not_found", "附件不存在")
	}
	a := before
	a.Files = slices.DeleteFunc(slices.Clone(before.Files), func(x content.Attachment) bool { return x.ID == f.ID })
	if err := d.saveArticle(ctx, p, before, a, fmt.Sprintf("删除%s「%s」", kindLabel(f.Kind), f.Name)); err != nil {
		return errArticle("remove article file", err)
	}
	_ = d.Files.Delete(context.WithoutCancel(ctx), f.Key)
	return nil
}
