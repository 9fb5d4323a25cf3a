package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// ChangeArticleStatus moves an article: publish (at once or on its schedule),
// withdraw to draft, archive.
type ChangeArticleStatus struct {
	Principal access.Principal
	ID        string
	Version   int // the version the editor opened
	To        content.Status
}

// ChangeArticleStatusHandler moves articles through their life.
type ChangeArticleStatusHandler struct{ d ArticleDeps }

// NewChangeArticleStatusHandler builds the handler.
func NewChangeArticleStatusHandler(d ArticleDeps) *ChangeArticleStatusHandler {
	d.Loc = orUTC(d.Loc)
	return &ChangeArticleStatusHandler{d: d}
}

// Handle moves the article if its life allows (content.CanMove) and records
// the change (content.change). Publishing an article whose schedule has
// passed meanwhile is refused with the field to correct.
func (h *ChangeArticleStatusHandler) Handle(ctx context.Context, cmd ChangeArticleStatus) error {
	p, d := cmd.Principal, h.d
	before, err := d.loadForEdit(ctx, p, cmd.ID, cmd.Version)
	if err != nil {
		return err
	}
	if !content.CanMove(before.Status, cmd.To) {
		return apperr.Conflict("status_invalid", fmt.Sprintf("文章当前为「%s」，不能改为「%s」", before.Status.Label(), cmd.To.Label()))
	}
	now := d.Clock.Now()
	if cmd.To == content.Published && !before.UnpublishAt.IsZero() && !now.Before(before.UnpublishAt) {
		var v apperr.Validation
		v.Add("unpublish_at", "past", "定时下线时间已过，请修改或清空后再发布")
		return v.Err()
	}
	a := before
	a.Status = cmd.To
	summary := map[content.Status]string{content.Published: "发布文章", content.Draft: "撤回文章为草稿",
		content.Archived: "归档文章"}[cmd.To]
	if cmd.To == content.Published && a.Scheduled(now) {
		summary = fmt.Sprintf("定时发布文章（%s）", a.PublishAt.In(d.Loc).Format("2006-01-02 15:04"))
	}
	if err := d.saveArticle(ctx, p, before, a, summary); err != nil {
		return errArticle("change article status", err)
	}
	return nil
}
