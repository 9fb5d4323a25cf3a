package webui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A member's or a staff account's 403/404 stays inside its own layout, with
// the menu and a way back (issue 16); visitors still get the public page.
func TestErrorsStayInThePortal(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, ent := f.member(t, "enterprise", "错误页公司", "errors-portal@example.com")
	for path, msg := range map[string]string{
		"/member/card":    "会员卡（会员证书）在秘书处审批通过、获得会员有效期后提供",
		"/member/nowhere": "页面不存在",
		"/admin":          "您当前登录的账号无权访问此页面",
	} {
		res := ent.get(path)
		assert.Contains(t, []int{http.StatusNotFound, http.StatusForbidden}, res.Status, path)
		for _, s := range []string{msg, `aria-label="会员菜单"`, `href="/member">返回会员首页</a>`, "错误页公司", `action="/logout"`} {
			assert.Contains(t, res.Body, s, path)
		}
		assert.NotContains(t, res.Body, `href="/">返回首页</a>`, path)
	}

	rev := f.staff(t, "errors-reviewer", "reviewer")
	res := rev.get("/admin/applications/nobody")
	require.Equal(t, http.StatusNotFound, res.Status)
	for _, s := range []string{`aria-label="管理菜单"`, `href="/admin">返回后台首页</a>`, `action="/admin/logout"`} {
		assert.Contains(t, res.Body, s)
	}

	guest := f.browser(t).get("/nowhere")
	require.Equal(t, http.StatusNotFound, guest.Status)
	assert.Contains(t, guest.Body, `href="/">返回首页</a>`)
	assert.NotContains(t, guest.Body, "会员菜单")
}
