package webui_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoginPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	res := f.browser(t).get("/login")
	require.Equal(t, http.StatusOK, res.Status)
	for _, s := range []string{
		`<html lang="zh-CN">`, `<title>会员登录 - 中国质量协会会员系统</title>`, `<meta name="csrf-token" content="`,
		`<label class="field__label" for="f-login">企业全称/用户名/会员编号</label>`, `placeholder="请输入企业全称/用户名"`,
		`placeholder="请输入密码"`, `class="slider-captcha"`, "测试模式", ">登录</button>", "记住登录状态",
		`<a href="/password/forgot">忘记密码?</a>`, `<a href="/register">加入会员</a>`,
		`<a class="skip-link" href="#main">`, `<main id="main"`, `<nav class="topnav" aria-label="主导航">`,
		"通知公告", "协会新闻", "会员查询",
	} {
		assert.Contains(t, res.Body, s)
	}
	csrf := res.cookie("csrf")
	require.NotNil(t, csrf)
	assert.True(t, csrf.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, csrf.SameSite)
	assert.Contains(t, res.Body, `<meta name="csrf-token" content="`+csrf.Value+`">`)
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
}

func TestLoginByNameAndNumber(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.registerMember(t, "enterprise", "测试号", "test@example.com")
	f.approve(t, id, "19141263")
	f.registerMember(t, "individual", "个人一", "person@example.com")

	tests := []struct {
		name, account, wantName, wantNumber string
	}{
		{"enterprise by name", "测试号", "测试号", "会员编号: 19141263"},
		{"enterprise by member number", "19141263", "测试号", "会员编号: 19141263"},
		{"individual by name, spaces collapsed", "  个人一 ", "个人一", "会员编号: 审核通过后分配"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t)
			res := b.login(tc.account, goodPass, false)
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			assert.Equal(t, "/member", res.location())

			c := res.cookie(cookieName)
			require.NotNil(t, c)
			assert.True(t, c.HttpOnly)
			assert.Equal(t, "/", c.Path)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
			assert.Zero(t, c.MaxAge, "a browser session unless remembered")
			assert.False(t, c.Secure, "plain HTTP")

			home := b.get("/member")
			require.Equal(t, http.StatusOK, home.Status, home.Body)
			assert.Contains(t, home.Body, tc.wantName)
			assert.Contains(t, home.Body, tc.wantNumber)
		})
	}
}

func TestLoginRememberMe(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "记住公司", "remember@example.com")
	res := f.browser(t).login("记住公司", goodPass, true)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	c := res.cookie(cookieName)
	require.NotNil(t, c)
	assert.Equal(t, 30*24*3600, c.MaxAge)
}

func TestLoginSecureCookieOverHTTPS(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "安全公司", "secure@example.com")
	b := f.browser(t)
	token := b.solveCaptcha("login")
	// Over HTTPS the CSRF cookie is __Host-csrf: fetch it with a TLS request.
	req := httpsRequest(http.MethodGet, "/login", nil)
	res := b.do(req)
	csrf := res.cookie("__Host-csrf")
	require.NotNil(t, csrf)
	assert.True(t, csrf.Secure)
	form := url.Values{"login": {"安全公司"}, "password": {goodPass}, "captcha_token": {token}, "csrf_token": {csrf.Value}}
	req = httpsRequest(http.MethodPost, "/login", form)
	req.AddCookie(csrf)
	res = b.do(req)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	// Over HTTPS the session cookie is __Host-member_session (cookies_test.go).
	c := res.cookie("__Host-" + cookieName)
	require.NotNil(t, c)
	assert.True(t, c.Secure)
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "错误测试公司", "err@example.com")
	tests := []struct {
		name, account, password, message string
	}{
		{"account missing", "", goodPass, "请输入企业全称/用户名"},
		{"password missing", "错误测试公司", "", "请输入密码"},
		// An unknown account and a wrong password get one message (issue 9,
		// finding 9: the page no longer tells which accounts exist).
		{"unknown account", "不存在的公司", goodPass, "账号或密码错误"},
		{"wrong password", "错误测试公司", "wrong123", "账号或密码错误"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t)
			res := b.postForm("/login?x=1", url.Values{"login": {tc.account}, "password": {tc.password},
				"captcha_token": {b.solveCaptcha("login")}, "remember": {"1"}, "next": {"/member/password"}})
			require.Equal(t, http.StatusUnprocessableEntity, res.Status)
			assert.Contains(t, res.Body, tc.message)
			if tc.account != "" {
				assert.Contains(t, res.Body, `value="`+tc.account+`"`)
			}
			assert.Contains(t, res.Body, `name="remember" value="1" checked`)
			assert.Contains(t, res.Body, `name="next" value="/member/password"`)
			assert.NotContains(t, res.Body, "wrong123")
			assert.Nil(t, res.cookie(cookieName))
			// The re-rendered page carries a fresh slider widget.
			assert.Contains(t, res.Body, `class="slider-captcha"`)
		})
	}

	t.Run("slider not passed", func(t *testing.T) {
		res := f.browser(t).postForm("/login", url.Values{"login": {"错误测试公司"}, "password": {goodPass}})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, res.Body, "请先拖动滑块完成验证")
	})
	t.Run("slider token reused", func(t *testing.T) {
		b := f.browser(t)
		token := b.solveCaptcha("login")
		form := url.Values{"login": {"错误测试公司"}, "password": {goodPass}, "captcha_token": {token}}
		require.Equal(t, http.StatusSeeOther, b.postForm("/login", form).Status)
		res := f.browser(t).postForm("/login", form)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, res.Body, "请先拖动滑块完成验证")
	})
}

func TestLoginThrottled(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "限流公司", "throttle@example.com")
	b := f.browser(t)
	for i := range 5 {
		res := b.login("限流公司", "wrong123", false)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "attempt %d", i+1)
	}
	// Even the right password is refused now, with when to retry.
	res := b.login("限流公司", goodPass, false)
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.Contains(t, res.Body, "登录失败次数过多，请15分钟后再试")
	assert.Regexp(t, `（\d\d:\d\d 后可重试）`, res.Body)
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.InDelta(t, 15*60, secs, 5)
	assert.Contains(t, res.Body, `value="限流公司"`)
	assert.Nil(t, res.cookie(cookieName))
}

func TestLoginNext(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "跳转公司", "next@example.com")
	tests := []struct{ next, want string }{
		{"/member/password", "/member/password"},
		{"//evil.example/x", "/member"},
		{"https://evil.example/", "/member"},
		{`/\evil.example`, "/member"},
		{"", "/member"},
	}
	for _, tc := range tests {
		t.Run(tc.next, func(t *testing.T) {
			b := f.browser(t)
			res := b.postForm("/login", url.Values{"login": {"跳转公司"}, "password": {goodPass},
				"captcha_token": {b.solveCaptcha("login")}, "next": {tc.next}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			assert.Equal(t, tc.want, res.location())
		})
	}

	t.Run("logged-in member skips the login page", func(t *testing.T) {
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("跳转公司", goodPass, false).Status)
		res := b.get("/login")
		assert.Equal(t, http.StatusSeeOther, res.Status)
		assert.Equal(t, "/member", res.location())
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "退出公司", "logout@example.com")
	b := f.browser(t)
	res := b.login("退出公司", goodPass, true)
	require.Equal(t, http.StatusSeeOther, res.Status)
	old := res.cookie(cookieName).Value

	home := b.get("/member")
	require.Equal(t, http.StatusOK, home.Status)
	assert.Contains(t, home.Body, `<form class="account__logout" method="post" action="/logout">`)

	res = b.postForm("/logout", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/login", res.location())
	c := res.cookie(cookieName)
	require.NotNil(t, c)
	assert.Negative(t, c.MaxAge, "the cookie is cleared")

	res = b.get("/member")
	assert.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/login?next=%2Fmember", res.location())

	// The old token no longer works even if a copy of the cookie was kept.
	req := httpRequest(http.MethodGet, "/member")
	req.AddCookie(&http.Cookie{Name: cookieName, Value: old})
	res = f.browser(t).do(req)
	assert.Equal(t, http.StatusSeeOther, res.Status)
}
