package command

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

// ArticleDeps are the ports of the content editor's use cases.
type ArticleDeps struct {
	Articles ports.ArticleRepository
	Files    ports.FileStore
	Tx       ports.Transactor
	Audit    *Auditor
	Authz    ports.Authorizer
	Clock    ports.Clock
	Loc      *time.Location // the association's time zone (dates, schedules)
	Images   *ImageChecker
}

// DateTimeLayout is the layout of a schedule's time in the association's zone
// (an <input type="datetime-local">).
const DateTimeLayout = "2006-01-02T15:04"

// articleFields are the audited fields of an article and their labels.
func articleFields() [][2]string {
	return [][2]string{{"title", "标题"}, {"date", "日期"}, {"body", "正文"}, {"audience", "可见范围"},
		{"pinned", "置顶"}, {"publish_at", "定时发布"}, {"unpublish_at", "定时下线"}, {"status", "状态"},
		{"files", "附件"}}
}

// articleValues are the audited values of an article, as the staff read them.
func articleValues(a *content.Article, loc *time.Location) map[string]string {
	if a == nil {
		return map[string]string{}
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	body := a.Body
	if utf8.RuneCountInString(body) > 200 {
		body = fmt.Sprintf("%s…（共%d字）", string([]rune(body)[:200]), utf8.RuneCountInString(a.Body))
	}
	names := make([]string, 0, len(a.Files))
	for _, f := range a.Files {
		names = append(names, f.Name)
	}
	pinned := "否"
	if a.Pinned {
		pinned = "是"
	}
	return map[string]string{"title": a.Title, "date": a.Date.Format(time.DateOnly), "body": body,
		"audience": a.Audience.Label(), "pinned": pinned, "publish_at": at(a.PublishAt),
		"unpublish_at": at(a.UnpublishAt), "status": a.Status.Label(), "files": strings.Join(names, "、")}
}

// recordArticle appends the audit entry of a change of an article.
func (d ArticleDeps) recordArticle(ctx context.Context, p access.Principal, before, after *content.Article,
	summary string) error {
	return d.Audit.Record(ctx, p, audit.Entry{Action: audit.ContentChange, Subject: "article:" + after.ID,
		Summary: fmt.Sprintf("%s：%s《%s》", summary, after.Column.Label(), after.Title),
		Changes: audit.Diff(articleFields(), articleValues(before, d.Loc), articleValues(after, d.Loc))})
}

// saveArticle stores the changed article a (loaded as before) with the next
// version and its audit entry in one transaction.
func (d ArticleDeps) saveArticle(ctx context.Context, p access.Principal, before content.Article,
	a content.Article, summary string) error {
	a.Version = before.Version + 1
	a.UpdatedAt, a.UpdatedBy = d.Clock.Now().UTC(), p.ID
	return inTx(ctx, d.Tx, func(ctx context.Context) error {
		if err := d.Articles.Save(ctx, a); err != nil {
			return err
		}
		return d.recordArticle(ctx, p, &before, &a, summary)
	})
}

// loadForEdit authorizes the editor and loads the article; version, when
// set, must be the stored one.
func (d ArticleDeps) loadForEdit(ctx context.Context, p access.Principal, id string,
	version int) (content.Article, error) {
	if err := access.Authorize(d.Authz, p, access.EditContent, ""); err != nil {
		return content.Article{}, err
	}
	a, err := d.Articles.Get(ctx, id)
	if err != nil {
		return content.Article{}, err
	}
	if version != 0 && a.Version != version {
		return content.Article{}, apperr.Conflict("article_changed", "该文章已被他人修改，请刷新后重试")
	}
	return a, nil
}

// parseDay reads a calendar day (2006-01-02) as midnight UTC.
func parseDay(v *apperr.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "invalid", "日期格式应为 2024-03-01")
		return time.Time{}
	}
	return t
}

// parseDateTime reads a schedule's time in loc (empty: none).
func parseDateTime(v *apperr.Validation, field, s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(strings.Replace(s, " ", "T", 1))
	if s == "" {
		return time.Time{}
	}
	if len(s) > len(DateTimeLayout) { // seconds of a browser's datetime-local
		s = s[:len(DateTimeLayout)]
	}
	t, err := time.ParseInLocation(DateTimeLayout, s, loc)
	if err != nil {
		v.Add(field, "invalid", "时间格式应为 2024-03-01 09:00")
		return time.Time{}
	}
	return t
}

// errArticle wraps a storage error of the editor.
func errArticle(what string, err error) error {
	if apperr.As(err).Kind != apperr.KindInternal {
		return err
	}
	return apperr.Internal(fmt.Errorf("%s: %w", what, err))
}
