package command_test

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

func (e *env) articleDeps() command.ArticleDeps {
	return command.ArticleDeps{Articles: e.store.Articles(), Files: e.files, Tx: e.store.Transactor(),
		Audit: command.NewAuditor(e.store.AuditLog(), e.clock), Authz: e.policy, Clock: e.clock, Loc: time.UTC}
}

func (e *env) contentAudit() []audit.Entry {
	e.t.Helper()
	got, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: audit.ContentChange})
	require.NoError(e.t, err)
	return got
}

func TestSaveArticleDraftThenPublishOnSchedule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	save := command.NewSaveArticleHandler(e.articleDeps())
	move := command.NewChangeArticleStatusHandler(e.articleDeps())
	editor := apptest.StaffOf(access.RoleEditor)

	id, err := save.Handle(e.ctx, command.SaveArticle{Principal: editor, Column: content.News, Title: " 年会 通知 ",
		Date: "2024-03-01", Body: "# 标题\r\n正文", PublishAt: "2024-03-02T08:00"})
	require.NoError(t, err)
	a, err := e.store.Articles().Get(e.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, content.Draft, a.Status)
	assert.Equal(t, "年会 通知", a.Title)
	assert.Equal(t, "# 标题\n正文", a.Body)
	assert.Equal(t, content.Public, a.Audience)

	require.NoError(t, move.Handle(e.ctx, command.ChangeArticleStatus{Principal: editor, ID: id, Version: 1,
		To: content.Published}))
	a, err = e.store.Articles().Get(e.ctx, id)
	require.NoError(t, err)
	assert.True(t, a.Scheduled(e.clock.Now()), "published, waiting for its time")
	e.clock.Advance(24 * time.Hour)
	assert.True(t, a.Visible(e.clock.Now()))

	err = move.Handle(e.ctx, command.ChangeArticleStatus{Principal: editor, ID: id, Version: 1, To: content.Archived})
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind, "a stale version is refused")
	err = move.Handle(e.ctx, command.ChangeArticleStatus{Principal: editor, ID: id, Version: 2, To: content.Published})
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind, "published → published is no move")

	entries := e.contentAudit()
	require.Len(t, entries, 2, "every change is audited")
	assert.Contains(t, entries[0].Summary, "定时发布文章")
	assert.Equal(t, editor.ID, entries[1].StaffID)
	assert.Contains(t, entries[1].Summary, "新建文章：协会新闻《年会 通知》")
}

func TestSaveArticleRefusesBadInputAndStoresNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	save := command.NewSaveArticleHandler(e.articleDeps())
	_, err := save.Handle(e.ctx, command.SaveArticle{Principal: apptest.StaffOf(access.RoleAdmin),
		Column: content.Notices, Title: "", Date: "2024/03/01", PublishAt: "2024-02-01T08:00",
		UnpublishAt: "bad"})
	fields := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		fields[f.Field] = f.Message
	}
	assert.Equal(t, "请输入标题", fields["title"])
	assert.Equal(t, "日期格式应为 2024-03-01", fields["date"])
	assert.Equal(t, "定时发布时间不能早于当前时间", fields["publish_at"])
	assert.Equal(t, "时间格式应为 2024-03-01 09:00", fields["unpublish_at"])

	_, err = save.Handle(e.ctx, command.SaveArticle{Principal: apptest.StaffOf(access.RoleFinance),
		Column: content.Notices, Title: "通知", Date: "2024-03-01"})
	assert.Equal(t, apperr.KindForbidden, apperr.As(err).Kind, "finance may not edit the site")
	_, total, err := e.store.Articles().List(e.ctx, ports.ArticleFilter{Column: content.Notices})
	require.NoError(t, err)
	assert.Zero(t, total)
	assert.Empty(t, e.contentAudit())
}

func docx() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte("<x/>"))
	}
	_ = zw.Close()
	return b.Bytes()
}

func TestUploadArticleFileByContent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.articleDeps()
	admin := apptest.StaffOf(access.RoleAdmin)
	id, err := command.NewSaveArticleHandler(d).Handle(e.ctx, command.SaveArticle{Principal: admin,
		Column: content.Notices, Title: "通知", Date: "2024-03-01"})
	require.NoError(t, err)
	up := command.NewUploadArticleFileHandler(d)
	upload := func(kind, name string, data []byte) (content.Attachment, error) {
		return up.Handle(e.ctx, command.UploadArticleFile{Principal: admin, ArticleID: id, Kind: kind,
			FileName: name, Content: bytes.NewReader(data)})
	}

	f, err := upload(content.AttachFile, "通知.pdf", apptest.PDF())
	require.NoError(t, err)
	assert.Equal(t, "application/pdf", f.ContentType)
	f, err = upload(content.AttachFile, "报名表.docx", docx())
	require.NoError(t, err)
	assert.Equal(t, command.ContentTypeDOCX, f.ContentType)
	_, err = upload(content.AttachCover, "cover.png", apptest.PNG(40, 30))
	require.NoError(t, err)
	cover, err := upload(content.AttachCover, "cover2.jpg", apptest.JPEG(40, 30))
	require.NoError(t, err)

	_, err = upload(content.AttachFile, "evil.pdf", []byte("<html><script>alert(1)</script></html>"))
	assert.Contains(t, apperr.As(err).Fields[0].Message, "附件只能是PDF")
	_, err = upload(content.AttachCover, "cover.pdf", apptest.PDF())
	assert.Contains(t, apperr.As(err).Fields[0].Message, "封面和正文图片只能是PNG或JPG格式")

	a, err := e.store.Articles().Get(e.ctx, id)
	require.NoError(t, err)
	got, ok := a.Cover()
	assert.True(t, ok)
	assert.Equal(t, cover.ID, got.ID, "a new cover replaces the old one")
	assert.Len(t, a.Files, 3)
	assert.Len(t, e.files.Keys(), 3, "the refused files and the old cover are not kept")
	assert.Len(t, e.contentAudit(), 5)

	require.NoError(t, command.NewRemoveArticleFileHandler(d).Handle(e.ctx, command.RemoveArticleFile{
		Principal: admin, ArticleID: id, FileID: f.ID}))
	a, err = e.store.Articles().Get(e.ctx, id)
	require.NoError(t, err)
	assert.Len(t, a.Files, 2)
	assert.Len(t, e.files.Keys(), 2)
}
