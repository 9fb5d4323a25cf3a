package webui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPortalsNeedTheRightSession(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "权限公司", "access@example.com")
	f.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")

	t.Run("logged out", func(t *testing.T) {
		b := f.browser(t)
		for path, want := range map[string]string{
			"/member":          "/login?next=%2Fmember",
			"/member/password": "/login?next=%2Fmember%2Fpassword",
			"/admin":           "/admin/login?next=%2Fadmin",
			"/admin/password":  "/admin/login?next=%2Fadmin%2Fpassword",
		} {
			res := b.get(path)
			assert.Equal(t, http.StatusSeeOther, res.Status, path)
			assert.Equal(t, want, res.location(), path)
		}
	})

	t.Run("a stale cookie is cleared", func(t *testing.T) {
		req := httpRequest(http.MethodGet, "/member")
		req.AddCookie(&http.Cookie{Name: cookieName, Value: "stale"})
		res := f.browser(t).do(req)
		assert.Equal(t, http.StatusSeeOther, res.Status)
		c := res.cookie(cookieName)
		require.NotNil(t, c)
		assert.Negative(t, c.MaxAge)
	})

	t.Run("staff cannot open the member portal", func(t *testing.T) {
		b := f.browser(t)
		res := b.staffLogin("reviewer1", "staff12345")
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		assert.Equal(t, "/admin", res.location())
		for _, p := range []string{"/member", "/member/password"} {
			res = b.get(p)
			assert.Equal(t, http.StatusForbidden, res.Status, p)
			assert.Contains(t, res.Body, "您当前登录的账号无权访问此页面")
		}
		assert.Equal(t, http.StatusOK, b.get("/admin").Status)
	})

	t.Run("a member cannot open the back office", func(t *testing.T) {
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("权限公司", goodPass, false).Status)
		for _, p := range []string{"/admin", "/admin/password"} {
			res := b.get(p)
			assert.Equal(t, http.StatusForbidden, res.Status, p)
		}
		assert.Equal(t, http.StatusOK, b.get("/member").Status)
	})
}

func TestBackOffice(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.env.CreateStaff(t, "finance1", "finance", "staff12345")
	b := f.browser(t)

	page := b.get("/admin/login")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "管理后台登录")
	assert.Contains(t, page.Body, `class="slider-captcha"`)
	assert.NotContains(t, page.Body, `aria-label="主导航"`)

	res := b.staffLogin("finance1", "wrong123")
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "账号或密码错误")
	assert.Contains(t, res.Body, `value="finance1"`)

	res = b.staffLogin("finance1", "staff12345")
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Zero(t, res.cookie(cookieName).MaxAge, "staff sessions end with the browser")

	home := b.get("/admin")
	require.Equal(t, http.StatusOK, home.Status)
	for _, s := range []string{"<title>管理后台 - ", "管理后台", "finance1", "财务", `href="/admin/password"`,
		`aria-label="管理菜单"`, `action="/admin/logout"`} {
		assert.Contains(t, home.Body, s)
	}

	page = b.get("/admin/password")
	assert.Contains(t, page.Body, "不少于10位，须包含字母和数字", "the staff password rule is shown")
	res = b.postForm("/admin/password", map[string][]string{"old_password": {"staff12345"},
		"new_password": {"staff456"}, "new_password_confirm": {"staff456"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "工作人员密码至少10位，且须同时包含字母和数字")
	res = b.postForm("/admin/password", map[string][]string{"old_password": {"staff12345"},
		"new_password": {"staff45678"}, "new_password_confirm": {"staff45678"}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "密码修改成功")

	res = b.postForm("/admin/logout", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/admin/login", res.location())
	assert.Equal(t, http.StatusSeeOther, b.get("/admin").Status)
	assert.Equal(t, http.StatusSeeOther, f.browser(t).staffLogin("finance1", "staff45678").Status)
}
