package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

func TestPublicMemberLookup(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p := a.env.ActiveMember(t, "individual", "公开查询人", "public-lookup@example.com")
	m, err := a.env.Module.Ports().Members.Get(context.Background(), p.ID)
	require.NoError(t, err)

	r := a.do(call{Method: http.MethodGet, Path: "/public/members?q=" + url.QueryEscape(m.Number())})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	members := r.object()["members"].([]any)
	require.Len(t, members, 1)
	got := members[0].(map[string]any)
	assert.Equal(t, "公开查询人", got["name"])
	assert.Equal(t, "active", got["status"])
	assert.Equal(t, "有效", got["status_label"])
	assert.Equal(t, "个人会员", got["kind_label"])
	assert.NotContains(t, string(r.Body), "public-lookup@example.com")

	r = a.do(call{Method: http.MethodGet, Path: "/public/members?q=" + url.QueryEscape("公开查询")})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, r.object()["members"], "no partial names")

	r = a.do(call{Method: http.MethodGet, Path: "/public/members?q=" + url.QueryEscape(strings.Repeat("x", 1000))})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "q")

	for range 28 {
		require.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/public/members?q=x"}).Status)
	}
	r = a.do(call{Method: http.MethodGet, Path: "/public/members?q=x"})
	assert.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	assert.Equal(t, "lookup_throttled", r.code())
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/public/members?q=x",
		Addr: otherAddr}).Status, "another address")
}

func TestPublicArticles(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	ctx := context.Background()
	ed := a.env.Staff(t, access.RoleAdmin)
	publish := func(title string, audience content.Audience) string {
		id, err := a.env.App.Commands.SaveArticle.Handle(ctx, command.SaveArticle{Principal: ed,
			Column: content.Notices, Title: title, Date: "2024-03-01", Body: "**正文**", Audience: audience})
		require.NoError(t, err)
		require.NoError(t, a.env.App.Commands.ChangeArticleStatus.Handle(ctx, command.ChangeArticleStatus{
			Principal: ed, ID: id, Version: 1, To: content.Published}))
		return id
	}
	open := publish("公开通知", content.Public)
	members := publish("会员通知", content.Members)

	r := a.do(call{Method: http.MethodGet, Path: "/public/articles?column=notices"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	items := r.object()["items"].([]any)
	require.Len(t, items, 1)
	assert.Equal(t, "公开通知", items[0].(map[string]any)["title"])

	r = a.do(call{Method: http.MethodGet, Path: "/public/articles/" + open})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "**正文**", r.object()["body"])
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/public/articles/" + members}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/public/articles?column=nope"}).Status)
}

func TestEditorWritesArticlesThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	tok := a.staffToken("editor-api", "editor")
	r := a.do(call{Method: http.MethodPost, Path: "/articles", Token: tok, Body: map[string]any{
		"column": "notices", "title": "", "date": "2024-03-01", "publish_at": "2000-01-01T08:00"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status, string(r.Body))
	assert.Contains(t, r.fields(), "title")
	assert.Contains(t, r.fields(), "publish_at")

	r = a.do(call{Method: http.MethodPost, Path: "/articles", Token: tok, Body: map[string]any{
		"column": "notices", "title": "接口发布的通知", "date": "2024-03-01", "body": "正文"}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.object()["id"].(string)
	assert.Equal(t, "draft", r.object()["status"])
	r = a.do(call{Method: http.MethodPost, Path: "/articles/" + id + "/status", Token: tok,
		Body: map[string]any{"to": "published", "version": 1}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "published", r.object()["status"])
	r = a.do(call{Method: http.MethodPut, Path: "/articles/" + id, Token: tok, Body: map[string]any{
		"title": "过时的修改", "date": "2024-03-01", "version": 1}})
	assert.Equal(t, http.StatusConflict, r.Status, "a stale version")
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/public/articles/" + id}).Status)

	fin := a.staffToken("finance-api", "finance")
	r = a.do(call{Method: http.MethodPost, Path: "/articles", Token: fin, Body: map[string]any{
		"column": "news", "title": "x", "date": "2024-03-01"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
}

func TestSiteSettingsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	r := a.do(call{Method: http.MethodGet, Path: "/settings/site"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "#0b4ea2", r.object()["primary"], "the manual's default")
	tok := a.staffToken("admin-site-api", "admin")
	body := map[string]any{"name": "某某行业协会", "short_name": "", "primary": "red", "accent": "#f08300",
		"address": "", "phone": "", "email": "", "icp": "", "icp_link": "", "psb": "", "psb_link": "",
		"mail_from_name": ""}
	r = a.do(call{Method: http.MethodPut, Path: "/settings/site", Token: tok, Body: body})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "primary")
	body["primary"] = "#1D6F42"
	r = a.do(call{Method: http.MethodPut, Path: "/settings/site", Token: tok, Body: body})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "#1d6f42", r.object()["primary"])
	assert.Equal(t, "某某行业协会", r.object()["name"])
}
