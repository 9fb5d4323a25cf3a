package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/ports"
)

// RunArticles runs the contract of ports.ArticleRepository: round trip,
// versioned saves, and lists by column, status, audience and visibility, pinned
// first then newest, paged.
func RunArticles(t *testing.T, newRepo func(t *testing.T) ports.ArticleRepository) {
	run(t, "round trip and versioned saves", func(t *testing.T) { articlesRoundTrip(t, newRepo(t)) })
	run(t, "lists: order, filters, visibility, pages", func(t *testing.T) { articlesList(t, newRepo(t)) })
}

func testArticle(id string, col content.Column, day int, now time.Time) content.Article {
	return content.Article{ID: id, Column: col, Title: "标题 " + id,
		Date: time.Date(2024, 3, day, 0, 0, 0, 0, time.UTC), Body: "**正文**", Audience: content.Public,
		Status: content.Published, CreatedAt: now, UpdatedAt: now, UpdatedBy: "staff-1"}
}

func articlesRoundTrip(t *testing.T, r ports.ArticleRepository) {
	ctx, now := context.Background(), epoch()
	a := testArticle("art-1", content.Notices, 1, now)
	a.PublishAt = now.Add(time.Hour)
	a.Files = []content.Attachment{{ID: "f1", Kind: content.AttachFile, Name: "通知.pdf",
		ContentType: "application/pdf", Size: 1234, Key: "articles/art-1/f1.pdf"}}
	require.NoError(t, r.Add(ctx, a))
	got, err := r.Get(ctx, "art-1")
	require.NoError(t, err)
	assert.Equal(t, 1, got.Version)
	assert.Equal(t, a.Title, got.Title)
	assert.True(t, got.PublishAt.Equal(a.PublishAt.Truncate(time.Microsecond)), got.PublishAt)
	assert.True(t, got.UnpublishAt.IsZero())
	assert.Equal(t, a.Files, got.Files)
	assert.True(t, got.Date.Equal(a.Date))

	got.Title, got.Version = "改过的标题", 2
	require.NoError(t, r.Save(ctx, got))
	stale := got
	stale.Title = "过时的修改"
	err = r.Save(ctx, stale)
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind, "a save of an older version is refused")
	again, err := r.Get(ctx, "art-1")
	require.NoError(t, err)
	assert.Equal(t, "改过的标题", again.Title)

	_, err = r.Get(ctx, "missing")
	assert.Equal(t, apperr.KindNotFound, apperr.As(err).Kind)
	missing := testArticle("missing", content.News, 1, now)
	missing.Version = 2
	assert.Equal(t, apperr.KindNotFound, apperr.As(r.Save(ctx, missing)).Kind)
}

func articlesList(t *testing.T, r ports.ArticleRepository) {
	ctx, now := context.Background(), epoch()
	add := func(a content.Article) { require.NoError(t, r.Add(ctx, a)) }
	add(testArticle("old", content.Notices, 1, now))
	newer := testArticle("newer", content.Notices, 5, now)
	add(newer)
	pinned := testArticle("pinned", content.Notices, 2, now)
	pinned.Pinned = true
	add(pinned)
	draft := testArticle("draft", content.Notices, 9, now)
	draft.Status = content.Draft
	add(draft)
	later := testArticle("later", content.Notices, 8, now)
	later.PublishAt = now.Add(time.Hour)
	add(later)
	gone := testArticle("gone", content.Notices, 7, now)
	gone.UnpublishAt = now.Add(-time.Minute)
	add(gone)
	members := testArticle("members", content.Notices, 6, now)
	members.Audience = content.Members
	add(members)
	add(testArticle("news", content.News, 3, now))

	ids := func(f ports.ArticleFilter) ([]string, int) {
		got, total, err := r.List(ctx, f)
		require.NoError(t, err)
		out := []string{}
		for _, a := range got {
			out = append(out, a.ID)
		}
		return out, total
	}
	all, total := ids(ports.ArticleFilter{Column: content.Notices})
	assert.Equal(t, []string{"pinned", "draft", "later", "gone", "members", "newer", "old"}, all)
	assert.Equal(t, 7, total)
	visible, _ := ids(ports.ArticleFilter{Column: content.Notices, VisibleAt: now,
		Audiences: []content.Audience{content.Public}})
	assert.Equal(t, []string{"pinned", "newer", "old"}, visible)
	visible, _ = ids(ports.ArticleFilter{Column: content.Notices, VisibleAt: now.Add(2 * time.Hour),
		Audiences: content.ReadableBy(true, false)})
	assert.Equal(t, []string{"pinned", "later", "members", "newer", "old"}, visible, "the scheduled one is out")
	drafts, _ := ids(ports.ArticleFilter{Column: content.Notices, Statuses: []content.Status{content.Draft}})
	assert.Equal(t, []string{"draft"}, drafts)
	second, total := ids(ports.ArticleFilter{Column: content.Notices, Limit: 2, Offset: 2})
	assert.Equal(t, []string{"later", "gone"}, second)
	assert.Equal(t, 7, total)
}
