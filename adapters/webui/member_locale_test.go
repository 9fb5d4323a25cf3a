package webui_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A logged-in member's 中文 · English choice is kept as its setting: a later
// login in another browser (no lang cookie, a Chinese Accept-Language) gets
// the lang cookie from it and English pages. A member without a setting gets
// no cookie; a visitor's switch stores nothing.
func TestMemberLanguageIsKeptAcrossLogins(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.registerMember(t, "enterprise", "语言测试公司", "lang@example.com")
	f.approve(t, id, "19141299")
	setting := func() string {
		l, err := f.env.App.Queries.MemberLocale.Handle(context.Background(), id)
		require.NoError(t, err)
		return l
	}

	visitor := f.browser(t)
	res := visitor.get("/lang/en?next=/login")
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Empty(t, setting(), "a visitor's choice is its browser's only")

	first := f.browser(t)
	res = first.login("语言测试公司", goodPass, false)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Nil(t, res.cookie("lang"), "no setting yet: the browser's choice stays")
	res = first.get("/lang/en?next=/member")
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/member", res.location())
	require.NotNil(t, res.cookie("lang"))
	assert.Equal(t, "en", res.cookie("lang").Value)
	assert.Equal(t, "en", setting(), "the member's choice is kept")

	second := f.browser(t)
	res = second.login("19141299", goodPass, false)
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.NotNil(t, res.cookie("lang"), "the setting is put in the new browser at login")
	assert.Equal(t, "en", res.cookie("lang").Value)
	req, err := http.NewRequest(http.MethodGet, siteURL+"/member", nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	page := second.do(req)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, `<html lang="en">`, "the setting wins over the browser's language")

	res = second.get("/lang/zh-CN?next=/member")
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "zh-CN", setting(), "switching back is kept too")
}
