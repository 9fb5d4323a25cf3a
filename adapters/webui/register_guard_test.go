package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

var stepItemRE = regexp.MustCompile(`<li class="steps__item[^>]*>\s*<span class="steps__num" aria-hidden="true">([^<]*)</span>`)

// stepItems returns the opening tag and the number shown of each step of the
// progress bar.
func stepItems(body string) (tags, nums []string) {
	for _, m := range stepItemRE.FindAllStringSubmatch(body, -1) {
		tags = append(tags, m[0][:strings.Index(m[0], ">")+1])
		nums = append(nums, m[1])
	}
	return tags, nums
}

// TestRegisterShowsTheJoinFlow checks step ① of the progress bar on 加入会员
// and 注册成功: the four steps with 注册账号 current; individuals skip
// 打印盖章并上传 (hidden on the shared page, which the tabs switch in place).
func TestRegisterShowsTheJoinFlow(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)

	page := b.get("/register")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, `<h2 id="flow-title" class="card__title">入会流程</h2>`)
	assert.Equal(t, []string{"is-current", "", "", ""}, stepStates(page.Body))
	assert.Equal(t, 1, strings.Count(page.Body, `aria-current="step"`))
	assert.Contains(t, page.Body, `注册账号<span class="visually-hidden">（当前步骤）</span>`)
	for _, label := range []string{"填写入会申请表", "打印盖章并上传", "缴费并等待审核"} {
		assert.Contains(t, page.Body, `<span class="steps__label">`+label+`</span>`)
	}
	tags, nums := stepItems(page.Body)
	require.Len(t, tags, 4)
	assert.Equal(t, []string{"1", "2", "3", "4"}, nums)
	assert.Contains(t, tags[2], "data-enterprise-only")
	assert.NotContains(t, tags[2], "hidden")
	assert.Less(t, strings.Index(page.Body, "入会流程"), strings.Index(page.Body, "加入会员-企业入会"),
		"the bar comes above the form")

	page = b.get("/register?kind=individual")
	tags, nums = stepItems(page.Body)
	require.Len(t, tags, 4)
	assert.Contains(t, tags[2], " hidden>", "individuals upload no stamped form")
	assert.Equal(t, []string{"1", "2", "3", "3"}, nums, "the hidden step is not counted")

	// A refused form keeps the bar.
	res := b.postForm("/register", url.Values{"kind": {"enterprise"}, "email": {"bad"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, []string{"is-current", "", "", ""}, stepStates(res.Body))

	for _, tc := range []struct {
		kind, name, email string
		steps             []string
	}{
		{"enterprise", "步骤条有限公司", "steps-ent@example.com", []string{"is-current", "", "", ""}},
		{"individual", "步骤个人", "steps-ind@example.com", []string{"is-current", "", ""}},
	} {
		res := b.postForm("/register", url.Values{"kind": {tc.kind}, "email": {tc.email}, "name": {tc.name},
			"password": {goodPass}, "password_confirm": {goodPass}, "captcha_token": {b.solveCaptcha("register")}})
		require.Equal(t, http.StatusOK, res.Status, res.Body)
		assert.Contains(t, res.Body, "注册成功")
		assert.Equal(t, tc.steps, stepStates(res.Body), tc.kind)
		assert.Contains(t, res.Body, `注册账号<span class="visually-hidden">（当前步骤）</span>`, tc.kind)
	}
}

// TestRegisterRefusesOverlongFields posts names and emails longer than the rules
// allow (the inputs' maxlength is no protection): each is refused under its
// field with a Chinese message, nothing is stored, and the slider pass is not
// spent by the refusal.
func TestRegisterRefusesOverlongFields(t *testing.T) {
	t.Parallel()
	f := setup(t)
	long := func(s string, n int) string { return strings.Repeat(s, n) }
	valid := func(kind, name, email string) url.Values {
		return url.Values{"kind": {kind}, "email": {email}, "name": {name},
			"password": {goodPass}, "password_confirm": {goodPass}}
	}
	emailOf := func(n int) string { return long("a", n-len("@example.com")) + "@example.com" }
	tests := []struct {
		name    string
		form    url.Values
		field   string // the input id
		message string
		fixed   [2]string // the field and value that correct the form
	}{
		{"enterprise name of 101 characters", valid("enterprise", long("长", 97)+"有限公司", "long1@example.com"),
			"f-name", "企业全称长度应为2至100个字符", [2]string{"name", long("长", 96) + "有限公司"}},
		{"enterprise name of 5000 characters", valid("enterprise", long("长", 4996)+"有限公司", "long2@example.com"),
			"f-name", "企业全称长度应为2至100个字符", [2]string{"name", "改正有限公司"}},
		{"person name of 31 characters", valid("individual", long("张", 31), "long3@example.com"),
			"f-name", "姓名长度应为2至30个字符", [2]string{"name", long("张", 30)}},
		{"email of 255 characters", valid("enterprise", "邮箱过长有限公司", emailOf(255)),
			"f-email", "邮箱地址不能超过254个字符", [2]string{"email", emailOf(254)}},
		{"email of 5000 characters", valid("individual", "邮箱长", emailOf(5000)),
			"f-email", "邮箱地址不能超过254个字符", [2]string{"email", "long5@example.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := f.browser(t)
			pass := b.solveCaptcha("register")
			before := f.snapshot(t)
			res := b.postForm("/register", with(tc.form, "captcha_token", pass))
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
			assert.Equal(t, tc.message, fieldErrorOf(res.Body, tc.field))
			assert.True(t, invalid(res.Body, tc.field), "the input is marked invalid and described by its error")
			assert.Empty(t, fieldErrorOf(res.Body, "captcha"), "the slider is not blamed")
			assert.Equal(t, before, f.snapshot(t), "nothing is stored")
			assertNotRegistered(t, f, tc.form)

			// The pass was not spent: corrected (to the longest value allowed where
			// that is short enough to type), the same form goes through with it.
			ok := b.postForm("/register", with(tc.form, "captcha_token", pass, tc.fixed[0], tc.fixed[1]))
			assert.Equal(t, http.StatusOK, ok.Status, ok.Body)
			assert.Contains(t, ok.Body, "注册成功")
		})
	}
}

// TestRegisterRefusesForgedAndReusedSliderPass registers with pass tokens the
// slider never issued and with one already used: each is refused under the
// slider with 「请先拖动滑块完成验证」 and nothing is stored.
func TestRegisterRefusesForgedAndReusedSliderPass(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)
	form := func(name, email, pass string) url.Values {
		return url.Values{"kind": {"enterprise"}, "email": {email}, "name": {name}, "password": {goodPass},
			"password_confirm": {goodPass}, "captcha_token": {pass}}
	}
	refused := func(t *testing.T, v url.Values) {
		t.Helper()
		before := f.snapshot(t)
		res := b.postForm("/register", v)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
		assert.Equal(t, "请先拖动滑块完成验证", fieldErrorOf(res.Body, "captcha"))
		assert.Contains(t, res.Body, `value="`+v.Get("email")+`"`, "the entered values come back")
		assert.Equal(t, before, f.snapshot(t), "nothing is stored")
		assertNotRegistered(t, f, v)
	}

	ch := b.newChallenge("register") // issued, never solved
	for name, pass := range map[string]string{
		"made up":             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"a challenge's id":    ch.ID,
		"over-long":           strings.Repeat("x", 500),
		"a pass with a space": b.solveCaptcha("register") + " ",
	} {
		t.Run(name, func(t *testing.T) {
			refused(t, form("伪造滑块有限公司", "forged@example.com", pass))
		})
	}

	t.Run("reused", func(t *testing.T) {
		pass := b.solveCaptcha("register")
		res := b.postForm("/register", form("首次使用有限公司", "first-use@example.com", pass))
		require.Equal(t, http.StatusOK, res.Status, res.Body)
		refused(t, form("再次使用有限公司", "second-use@example.com", pass))
	})
}

// assertNotRegistered checks that no account has the form's email or name.
func assertNotRegistered(t *testing.T, f *fixture, form url.Values) {
	t.Helper()
	ctx := context.Background()
	members := f.env.Module.Ports().Members
	taken, err := members.EmailTaken(ctx, member.NormalizeEmail(form.Get("email")))
	require.NoError(t, err)
	assert.False(t, taken, "no account has the email")
	kind, _ := member.ParseKind(form.Get("kind"))
	taken, err = members.NameTaken(ctx, kind, member.NormalizeName(form.Get("name")))
	require.NoError(t, err)
	assert.False(t, taken, "no account has the name")
}
