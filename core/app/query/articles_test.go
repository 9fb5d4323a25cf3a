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
