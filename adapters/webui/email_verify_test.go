package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// An unverified member logs in and sees 「请先验证邮箱」 with 「重新发送验证邮件」;
// the application's pages show the verification step instead of the form.
// Opening the mailed link verifies nothing until its button is pressed; a used
// link says so and offers a new one (issue 9, finding 13).
func TestEmailVerificationPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.env.RegisterUnverified(t, "enterprise", "待验证有限公司", "wait@example.com", goodPass)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("待验证有限公司", goodPass, false).Status)

	home := b.get("/member")
	require.Equal(t, http.StatusOK, home.Status)
	assert.Contains(t, home.Body, "请先验证邮箱：")
	assert.Contains(t, home.Body, `action="/member/email/resend"`)
	assert.Contains(t, home.Body, "重新发送验证邮件")
	assert.Contains(t, home.Body, `href="/member/email"`, "the next step is 验证邮箱")
	for _, path := range []string{"/member/application", "/member/application/form", "/member/application/upload"} {
		res := b.get(path)
		require.Equal(t, http.StatusOK, res.Status, path)
		assert.Contains(t, res.Body, `<h1 id="page-title" class="card__title">请先验证邮箱</h1>`, path)
		assert.NotContains(t, res.Body, `action="/member/application/form"`, "%s: no form", path)
	}
	res := b.postForm("/member/application/form", url.Values{"name": {"待验证有限公司"}})
	assert.Equal(t, http.StatusForbidden, res.Status, "the core refuses what the page does not offer")
	assert.Contains(t, res.Body, "请先验证邮箱")

	// The link's page has a button; opening it verifies nothing.
	link := f.env.VerificationLink(t, "wait@example.com")
	path := strings.TrimPrefix(link, "http://member.test")
	for range 2 {
		page := b.get(path)
		require.Equal(t, http.StatusOK, page.Status)
		assert.Contains(t, page.Body, "确认验证邮箱")
		assert.Contains(t, page.Body, `action="/email/verify"`)
	}
	assert.Contains(t, b.get("/member/application").Body, "请先验证邮箱", "still unverified")

	// Its button verifies, from any browser (the link is the proof).
	other := f.browser(t)
	done := other.postForm("/email/verify", url.Values{"token": {membershiptest.LinkToken(t, link)}})
	require.Equal(t, http.StatusOK, done.Status, done.Body)
	assert.Contains(t, done.Body, "邮箱验证成功")
	home = b.get("/member")
	assert.NotContains(t, home.Body, "请先验证邮箱")
	assert.NotContains(t, b.get("/member/application/form").Body, "请先验证邮箱")

	// The used link says so on opening, and offers a new one.
	used := b.get(path)
	require.Equal(t, http.StatusOK, used.Status)
	assert.Contains(t, used.Body, "验证链接无效、已使用或已过期")
	assert.Contains(t, used.Body, `href="/member/email"`)
	assert.NotContains(t, used.Body, "确认验证邮箱")
	again := other.postForm("/email/verify", url.Values{"token": {membershiptest.LinkToken(t, link)}})
	assert.Equal(t, http.StatusUnprocessableEntity, again.Status)
	assert.Contains(t, again.Body, "验证链接无效、已使用或已过期")
	assert.Contains(t, b.get("/member/email").Body, "已验证")
}

// 「重新发送验证邮件」: within the minute of the registration's mail it is
// refused with the reason, then sent.
func TestResendVerificationMail(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.env.RegisterUnverified(t, "individual", "王五", "wang@example.com", goodPass)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("王五", goodPass, false).Status)

	res := b.postForm("/member/email/resend", nil)
	assert.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.Contains(t, res.Body, "请1分钟后再试")
	f.env.Clock.Advance(member.VerifyMailEvery)
	res = b.postForm("/member/email/resend", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/member/email?done=sent", res.Header.Get("Location"))
	assert.Contains(t, b.get("/member/email?done=sent").Body, "验证邮件已重新发送")
	f.env.Mailbox.WaitFor(t, "wang@example.com", "【中国质量协会】请验证邮箱", 10*time.Second)
}
