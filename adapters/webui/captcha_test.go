package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each form's slider widget asks for challenges of its own form, and a pass is
// accepted by that form only: one earned on the registration page does not log
// in. A challenge for no or an unknown form is refused.
func TestSliderPassesAreBoundToTheirForm(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "绑定表单公司", "bind@example.com")
	b := f.browser(t)
	for path, purpose := range map[string]string{"/login": "login", "/admin/login": "staff_login",
		"/register": "register", "/password/forgot": "forgot_password"} {
		page := b.get(path)
		require.Equal(t, http.StatusOK, page.Status, path)
		assert.Contains(t, page.Body, `data-captcha-new="/captcha/new?purpose=`+purpose+`"`, path)
	}

	form := url.Values{"login": {"绑定表单公司"}, "password": {goodPass}, "captcha_token": {b.solveCaptcha("register")}}
	res := b.postForm("/login", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "请先拖动滑块完成验证")
	form.Set("captcha_token", b.solveCaptcha("login"))
	assert.Equal(t, http.StatusSeeOther, b.postForm("/login", form).Status)

	for _, q := range []string{"", "?purpose=", "?purpose=admin"} {
		res := b.postJSON("/captcha/new"+q, nil, b.csrf())
		assert.Equal(t, http.StatusBadRequest, res.Status, q)
		assert.True(t, strings.Contains(res.Body, "验证用途无效"), "%s: %s", q, res.Body)
	}
}
