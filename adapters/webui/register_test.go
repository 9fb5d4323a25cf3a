package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

func TestRegisterPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)

	res := b.get("/register")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, `<title>加入会员 - 中国质量协会会员系统</title>`)
	assert.Contains(t, res.Body, `role="tablist"`)
	assert.Contains(t, res.Body, `id="tab-enterprise" href="/register?kind=enterprise" aria-controls="register-panel" aria-selected="true"`)
	assert.Contains(t, res.Body, `placeholder="请输入企业全称，如：中国质量协会"`)
	assert.Contains(t, res.Body, "不少于6位，须包含字母和数字")
	assert.Contains(t, res.Body, `class="slider-captcha" data-captcha-new="/captcha/new?purpose=register" data-captcha-verify="/captcha/verify" data-field="captcha_token"`)
	assert.Contains(t, res.Body, "测试模式")
	assert.Contains(t, res.Body, "立即注册")
	assert.Contains(t, res.Body, "返回登录")

	res = b.get("/register?kind=individual")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, `aria-selected="true" data-kind="individual"`)
	assert.Contains(t, res.Body, `placeholder="请输入真实姓名"`)
	assert.Contains(t, res.Body, `name="kind" value="individual"`)
	assert.Contains(t, res.Body, "加入会员-个人入会")
}

func TestRegisterSuccess(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)

	res := b.postForm("/register", url.Values{
		"kind": {"enterprise"}, "email": {" Boss@Example.COM "}, "name": {"测试号有限公司"},
		"password": {goodPass}, "password_confirm": {goodPass}, "captcha_token": {b.solveCaptcha("register")},
	})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "注册成功")
	assert.Contains(t, res.Body, "boss@example.com")
	assert.Contains(t, res.Body, `href="/login"`)
	assert.Nil(t, res.cookie(cookieName), "registration does not log in")

	assert.Contains(t, res.Body, "请打开邮件中的链接验证邮箱")

	// The mail carries the verification link and no free text (the address is
	// not verified: anyone may have typed it).
	mail := f.env.Mailbox.WaitFor(t, "boss@example.com", "注册成功", 10*time.Second)
	assert.NotContains(t, mail.Text, "测试号有限公司")
	assert.Contains(t, mail.Text, "http://member.test/email/verify?token=")

	// The new account logs in with its name.
	res = b.login("测试号有限公司", goodPass, false)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
}

// A registered email is not revealed (issue 9, finding 9): the page is the
// one of a new account; no account is made; the owner is told by mail. A
// taken name is public and still refused on its field.
func TestRegisterWithATakenEmailLooksLikeASuccess(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "已注册有限公司", "taken@example.com")
	b := f.browser(t)
	post := func(name, email string) response {
		return b.postForm("/register", url.Values{"kind": {"enterprise"}, "email": {email}, "name": {name},
			"password": {goodPass}, "password_confirm": {goodPass}, "captcha_token": {b.solveCaptcha("register")}})
	}
	fresh := post("新注册有限公司", "fresh@example.com")
	taken := post("冒用邮箱有限公司", "TAKEN@example.com")
	require.Equal(t, fresh.Status, taken.Status, taken.Body)
	assert.Equal(t, strings.ReplaceAll(fresh.Body, "fresh@example.com", "taken@example.com"), taken.Body,
		"the same page but for the address")
	assert.NotContains(t, taken.Body, "该邮箱已被注册")
	f.env.Mailbox.WaitFor(t, "taken@example.com", "有人尝试使用本邮箱注册", 10*time.Second)
	assertNotRegistered(t, f, url.Values{"kind": {"enterprise"}, "name": {"冒用邮箱有限公司"},
		"email": {"other@example.com"}})

	res := post("已注册有限公司", "another@example.com")
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "该用户名已被注册", fieldErrorOf(res.Body, "f-name"))
}

func TestRegisterBadInput(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "enterprise", "已注册有限公司", "taken@example.com")

	valid := func(kind, name, email string) url.Values {
		return url.Values{"kind": {kind}, "email": {email}, "name": {name},
			"password": {goodPass}, "password_confirm": {goodPass}}
	}
	with := func(v url.Values, key, value string) url.Values {
		v.Set(key, value)
		return v
	}
	tests := []struct {
		name    string
		form    url.Values
		field   string // the input whose message it is ("" for the slider)
		message string
		status  int
	}{
		{"email missing", valid("enterprise", "甲有限公司", ""), "email", "请输入注册邮箱", 422},
		{"email invalid", valid("enterprise", "乙有限公司", "not-an-email"), "email", "请输入有效的邮箱地址", 422},
		{"enterprise name missing", valid("enterprise", " ", "a1@example.com"), "name", "请输入企业全称", 422},
		{"person name missing", valid("individual", "", "a2@example.com"), "name", "请输入真实姓名", 422},
		{"name like a number", valid("enterprise", "19141263", "a3@example.com"), "name", "用户名不能是纯数字或会员编号格式", 422},
		{"person name with digits", valid("individual", "张三3号", "a4@example.com"), "name", "姓名只能包含文字、空格和间隔号", 422},
		{"enterprise name taken", valid("enterprise", "已注册有限公司", "a5@example.com"), "name", "该用户名已被注册", 422},
		{"password too short", with(with(valid("enterprise", "丁有限公司", "a6@example.com"), "password", "ab1"), "password_confirm", "ab1"), "password", "密码至少6位，且须同时包含字母和数字", 422},
		{"password without digit", with(with(valid("enterprise", "戊有限公司", "a7@example.com"), "password", "abcdefg"), "password_confirm", "abcdefg"), "password", "密码须同时包含字母和数字", 422},
		{"password without letter", with(with(valid("individual", "李四", "a8@example.com"), "password", "1234567"), "password_confirm", "1234567"), "password", "密码须同时包含字母和数字", 422},
		{"confirmation missing", with(valid("enterprise", "己有限公司", "a9@example.com"), "password_confirm", ""), "password_confirm", "请再次输入密码", 422},
		{"confirmation differs", with(valid("enterprise", "庚有限公司", "a10@example.com"), "password_confirm", "abc124"), "password_confirm", "两次输入的密码不一致", 422},
		{"unknown kind", valid("robot", "辛有限公司", "a11@example.com"), "kind", "请选择企业入会或个人入会", 422},
		{"slider not passed", valid("enterprise", "壬有限公司", "a12@example.com"), "", "请先拖动滑块完成验证", 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t)
			form := tc.form
			if tc.field != "" {
				form.Set("captcha_token", b.solveCaptcha("register"))
			}
			res := b.postForm("/register", form)
			require.Equal(t, tc.status, res.Status, res.Body)
			assert.Contains(t, res.Body, tc.message)
			if tc.field == "email" || tc.field == "name" || tc.field == "password" || tc.field == "password_confirm" {
				id := "f-" + map[string]string{"email": "email", "name": "name", "password": "password",
					"password_confirm": "password-confirm"}[tc.field]
				assert.Contains(t, res.Body, `aria-invalid="true" aria-describedby="`, "the input is marked invalid")
				assert.Contains(t, res.Body, `<p class="field__error" id="`+id+`-error">`+tc.message+`</p>`)
			}
			if tc.field == "" {
				assert.Contains(t, res.Body, `<p class="field__error" id="captcha-error">`+tc.message+`</p>`)
			}
			// The entered values come back, the password never does.
			if e := form.Get("email"); e != "" {
				assert.Contains(t, res.Body, `value="`+e+`"`)
			}
			assert.NotContains(t, res.Body, `value="`+form.Get("password")+`"`)

			// Nothing was stored: the name cannot log in (the login form's answer
			// no longer tells an unknown account from a wrong password, so the
			// store is asked too).
			if n := form.Get("name"); n != "" && n != " " && tc.name != "enterprise name taken" {
				login := b.login(n, form.Get("password"), false)
				assert.Equal(t, http.StatusUnprocessableEntity, login.Status)
				assert.Contains(t, login.Body, "账号或密码错误")
				found, err := f.env.Module.Ports().Members.FindForLogin(context.Background(), member.NormalizeName(n))
				require.NoError(t, err)
				assert.Empty(t, found, "stored nothing")
			}
		})
	}
}
