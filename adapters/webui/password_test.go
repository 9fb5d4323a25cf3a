package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "改密公司", "change@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("改密公司", goodPass, false).Status)
	other := f.browser(t)
	require.Equal(t, http.StatusSeeOther, other.login("改密公司", goodPass, false).Status)

	page := b.get("/member/password")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{"<title>修改密码 - ", ">原密码</label>", ">新密码</label>", ">确认新密码</label>",
		`<a href="/member/password" class="is-active" aria-current="page">修改密码</a>`, `aria-label="会员菜单"`} {
		assert.Contains(t, page.Body, s)
	}

	tests := []struct {
		name             string
		old, new, again  string
		message, errorID string
	}{
		{"old missing", "", "new123", "new123", "请输入原密码", "f-old-password-error"},
		{"old wrong", "nope123", "new123", "new123", "原密码错误", "f-old-password-error"},
		{"new too weak", goodPass, "abcdef", "abcdef", "密码须同时包含字母和数字", "f-new-password-error"},
		{"same as old", goodPass, goodPass, goodPass, "新密码不能与原密码相同", "f-new-password-error"},
		{"confirmation differs", goodPass, "new123", "new124", "两次输入的密码不一致", "f-new-password-confirm-error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := b.postForm("/member/password", url.Values{"old_password": {tc.old},
				"new_password": {tc.new}, "new_password_confirm": {tc.again}})
			require.Equal(t, http.StatusUnprocessableEntity, res.Status)
			assert.Contains(t, res.Body, `id="`+tc.errorID+`">`+tc.message+`</p>`)
		})
	}

	res := b.postForm("/member/password", url.Values{"old_password": {goodPass},
		"new_password": {"new123"}, "new_password_confirm": {"new123"}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "密码修改成功")

	// This session stays, the other one ended.
	assert.Equal(t, http.StatusOK, b.get("/member").Status)
	assert.Equal(t, http.StatusSeeOther, other.get("/member").Status)

	// The new password works, the old one does not.
	assert.Equal(t, http.StatusUnprocessableEntity, f.browser(t).login("改密公司", goodPass, false).Status)
	assert.Equal(t, http.StatusSeeOther, f.browser(t).login("改密公司", "new123", false).Status)
}

var resetLink = regexp.MustCompile(`http://member\.test(/password/reset\?token=[A-Za-z0-9_%-]+)`)

func TestForgotAndResetPassword(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "individual", "王五", "wangwu@example.com")
	b := f.browser(t)

	page := b.get("/password/forgot")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "忘记密码")
	assert.Contains(t, page.Body, `class="slider-captcha"`)

	// An unknown address gets the same page as a registered one (issue 9,
	// finding 9: the form no longer says 「该邮箱未注册」).
	res := b.postForm("/password/forgot", url.Values{"email": {"nobody@example.com"}, "captcha_token": {b.solveCaptcha("forgot_password")}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "如该邮箱已注册，重置链接已发送至该邮箱")
	assert.NotContains(t, res.Body, "该邮箱未注册")

	res = b.postForm("/password/forgot", url.Values{"email": {"bad"}, "captcha_token": {b.solveCaptcha("forgot_password")}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "请输入有效的邮箱地址")

	res = b.postForm("/password/forgot", url.Values{"email": {"WangWu@example.com"}, "captcha_token": {b.solveCaptcha("forgot_password")}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "如该邮箱已注册，重置链接已发送至该邮箱")

	mail := f.env.Mailbox.WaitFor(t, "wangwu@example.com", "重置密码", 10*time.Second)
	m := resetLink.FindStringSubmatch(mail.Text)
	require.NotNil(t, m, mail.Text)
	link := m[1]
	token, err := url.QueryUnescape(link[len("/password/reset?token="):])
	require.NoError(t, err)

	page = b.get(link)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, `name="token" value="`+token+`"`)

	res = b.postForm("/password/reset", url.Values{"token": {token}, "password": {"reset1"}, "password_confirm": {"reset2"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "两次输入的密码不一致")

	res = b.postForm("/password/reset", url.Values{"token": {token}, "password": {"reset1"}, "password_confirm": {"reset1"}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "密码重置成功")
	assert.Contains(t, res.Body, `href="/login"`)

	// The link works once.
	res = b.postForm("/password/reset", url.Values{"token": {token}, "password": {"again1"}, "password_confirm": {"again1"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.Contains(t, res.Body, `href="/password/forgot"`)
	// Opening the used link says so at once, without asking for a password.
	page = b.get(link)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.NotContains(t, page.Body, `action="/password/reset"`)
	page = b.get("/password/reset?token=made-up-token")
	assert.Contains(t, page.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.NotContains(t, page.Body, `name="password"`)

	assert.Equal(t, http.StatusSeeOther, f.browser(t).login("王五", "reset1", false).Status)
	assert.Equal(t, http.StatusUnprocessableEntity, f.browser(t).login("王五", "again1", false).Status)

	// A link without a token says so at once.
	page = b.get("/password/reset")
	assert.Contains(t, page.Body, "重置链接无效、已使用或已过期，请重新申请")
	assert.NotContains(t, page.Body, `action="/password/reset"`)
}
