package query_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/member"
)

// Each reader sees the articles of its audiences while they are shown; the
// editor sees every one.
func TestArticlesByAudienceAndSchedule(t *testing.T) {
	t.Parallel()
	ctx, clock := context.Background(), apptest.NewClock(apptest.Epoch())
	store := memstore.New(clock)
	now := clock.Now()
	add := func(id string, au content.Audience, st content.Status, unpublish time.Time) {
		require.NoError(t, store.Articles().Add(ctx, content.Article{ID: id, Column: content.Events, Title: id,
			Date: now, Audience: au, Status: st, UnpublishAt: unpublish, CreatedAt: now, UpdatedAt: now}))
	}
	add("public", content.Public, content.Published, time.Time{})
	add("members", content.Members, content.Published, time.Time{})
	add("council", content.Council, content.Published, time.Time{})
	add("draft", content.Public, content.Draft, time.Time{})
	add("ending", content.Public, content.Published, now.Add(time.Hour))
	h := query.NewArticlesHandler(store.Articles(), apptest.NewFiles(), apptest.ShippedPolicy(), clock)
	titles := func(p access.Principal, admin bool) []string {
		pg, err := h.List(ctx, query.Articles{Principal: p, Column: content.Events, Admin: admin})
		require.NoError(t, err)
		var out []string
		for _, a := range pg.Items {
			out = append(out, a.ID)
		}
		return out
	}
	member := access.Principal{Kind: access.PrincipalMember, ID: "m1", Role: access.RoleEnterprise}
	council := access.Principal{Kind: access.PrincipalMember, ID: "m2", Role: access.RoleCouncil}
	assert.ElementsMatch(t, []string{"public", "ending"}, titles(access.Guest, false))
	assert.ElementsMatch(t, []string{"public", "members", "ending"}, titles(member, false))
	assert.ElementsMatch(t, []string{"public", "members", "council", "ending"}, titles(council, false))
	assert.Len(t, titles(apptest.StaffOf(access.RoleEditor), true), 5, "the editor sees every article")
	clock.Advance(2 * time.Hour)
	assert.ElementsMatch(t, []string{"public"}, titles(access.Guest, false), "unpublished at its time")

	_, err := h.Get(ctx, access.Guest, "draft")
	assert.Equal(t, apperr.KindNotFound, apperr.As(err).Kind)
	_, err = h.Get(ctx, apptest.StaffOf(access.RoleEditor), "draft")
	assert.NoError(t, err, "the editor previews a draft")
	_, err = h.List(ctx, query.Articles{Principal: member, Column: content.Events, Admin: true})
	assert.Equal(t, apperr.KindForbidden, apperr.As(err).Kind)
}

// With the member store, a member reads by its level as it is now: raised to
// 理事 after its session began (its principal still says enterprise), it reads
// the council's articles at once; without it, the principal's role decides.
func TestArticlesFollowTheMembersLevel(t *testing.T) {
	t.Parallel()
	ctx, clock := context.Background(), apptest.NewClock(apptest.Epoch())
	store := memstore.New(clock)
	now := clock.Now()
	require.NoError(t, store.Articles().Add(ctx, content.Article{ID: "council", Column: content.Events,
		Title: "理事会专场", Date: now, Audience: content.Council, Status: content.Published, CreatedAt: now,
		UpdatedAt: now}))
	m := apptest.AddMember(t, store.Members(), member.Enterprise, "星河科技有限公司", member.StatusActive, now)
	stale := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleEnterprise}
	plain := query.NewArticlesHandler(store.Articles(), apptest.NewFiles(), apptest.ShippedPolicy(), clock)
	current := query.NewArticlesHandler(store.Articles(), apptest.NewFiles(), apptest.ShippedPolicy(), clock).
		WithMembers(store.Members())
	count := func(h *query.ArticlesHandler) int {
		pg, err := h.List(ctx, query.Articles{Principal: stale, Column: content.Events})
		require.NoError(t, err)
		return len(pg.Items)
	}
	assert.Equal(t, 0, count(current), "an ordinary member")
	require.NoError(t, store.Members().Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.ChangeLevel(member.LevelChange{Level: member.LevelCouncil, DocNo: "质协〔2024〕8号",
			Reason: "理事会决议"}, member.DefaultLevels(), now)
	}))
	assert.Equal(t, 1, count(current), "raised to 理事: the council's article at once")
	_, err := current.Get(ctx, stale, "council")
	assert.NoError(t, err, "and its page")
	assert.Equal(t, 0, count(plain), "without the store, the session's role")
}
