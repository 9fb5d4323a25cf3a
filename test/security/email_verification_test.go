package security_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// TestFinding13UnverifiedAccountMayNotApplyOrPay (issue 9, finding 13): anyone
// could register with someone else's address and act in the association's
// name under it. Until the address's owner opens the mailed link, the account
// logs in but every application and payment endpoint answers 403
// email_unverified, and the web UI shows the verification step instead of the
// form. Once verified, the same requests go through.
func TestFinding13UnverifiedAccountMayNotApplyOrPay(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithAlipaySandbox()) // online payment offered
	r := verifyRegister(t, env, "individual", "victim@example.com", "张三")
	require.Less(t, r.Status, 300, string(r.Body))
	token := verifyLogin(t, env, "张三")
	assert.Equal(t, false, verifyMe(t, env, token)["email_verified"])

	form := map[string]any{"individual": map[string]any{"name": "张三"}}
	refused := map[string]verifyReply{
		"save draft":    verifyAPI(t, env, http.MethodPut, "/me/application", token, form),
		"submit":        verifyAPI(t, env, http.MethodPost, "/me/application/submit", token, map[string]any{}),
		"claim fee":     verifyAPI(t, env, http.MethodPost, "/me/fees/claim", token, nil),
		"online (fees)": verifyAPI(t, env, http.MethodPost, "/me/fees/online", token, nil),
	}
	for what, r := range refused {
		assert.Equal(t, http.StatusForbidden, r.Status, "%s: %s", what, r.Body)
		assert.Equal(t, "email_unverified", r.code(), what)
		assert.Contains(t, string(r.Body), "请先验证邮箱", what)
	}

	b := newVerifyBrowser(t, env)
	b.login("张三")
	page := b.get("/member/application/form")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, string(page.Body), "请先验证邮箱")
	assert.Contains(t, string(page.Body), "重新发送验证邮件")
	assert.NotContains(t, string(page.Body), `action="/member/application/form"`, "no application form")

	link := verifyLinks(t, env, "victim@example.com", 1)[0]
	require.Equal(t, http.StatusOK, b.post("/email/verify", url.Values{"token": {verifyTokenOf(t, link)}}).Status)
	assert.Equal(t, true, verifyMe(t, env, token)["email_verified"])
	r = verifyAPI(t, env, http.MethodPut, "/me/application", token, form)
	assert.Equal(t, http.StatusOK, r.Status, string(r.Body))
}

// TestFinding13VerificationMailEchoesNoFreeText: the name field was copied
// into the welcome mail, so the association's sender mailed attacker-chosen
// text to any address. The mail to an unverified address says only what the
// association wrote.
func TestFinding13VerificationMailEchoesNoFreeText(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	const bait = "中奖请速联系客服微信evil888领取奖金有限公司"
	r := verifyRegister(t, env, "enterprise", "someone@example.com", bait)
	require.Less(t, r.Status, 300, string(r.Body))
	link := verifyLinks(t, env, "someone@example.com", 1)[0]
	ms, err := env.Mailbox.To("someone@example.com")
	require.NoError(t, err)
	require.Len(t, ms, 1)
	for _, part := range []string{bait, "evil888", "领取奖金", "中奖"} {
		assert.NotContains(t, ms[0].Subject+ms[0].Text+ms[0].HTML, part)
	}
	assert.Contains(t, ms[0].Text, link)
}

// TestFinding13VerificationLinkNeedsAClickAndExpires: opening the link (as a
// mail scanner would) verifies nothing; its button does, once; a used link
// and one past its 48 hours say so on opening and offer a new one; new links
// come at most once a minute.
func TestFinding13VerificationLinkNeedsAClickAndExpires(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	r := verifyRegister(t, env, "individual", "owner@example.com", "李四")
	require.Less(t, r.Status, 300, string(r.Body))
	token := verifyLogin(t, env, "李四")
	first := verifyLinks(t, env, "owner@example.com", 1)[0]

	b := newVerifyBrowser(t, env)
	for range 2 {
		page := b.get(first)
		require.Equal(t, http.StatusOK, page.Status)
		assert.Contains(t, string(page.Body), "确认验证邮箱")
	}
	assert.Equal(t, false, verifyMe(t, env, token)["email_verified"], "opening the link verifies nothing")

	// A second link, asked for after a minute, then left to expire.
	resend := verifyAPI(t, env, http.MethodPost, "/me/email-verification", token, nil)
	assert.Equal(t, http.StatusTooManyRequests, resend.Status, "one mail a minute")
	env.Clock.Advance(time.Minute)
	resend = verifyAPI(t, env, http.MethodPost, "/me/email-verification", token, nil)
	require.Equal(t, http.StatusAccepted, resend.Status, string(resend.Body))
	second := verifyLinks(t, env, "owner@example.com", 2)[1]
	require.NotEqual(t, first, second)
	env.Clock.Advance(48 * time.Hour)
	expired := b.get(second)
	assert.Contains(t, string(expired.Body), "验证链接无效、已使用或已过期")
	assert.Contains(t, string(expired.Body), `href="/member/email"`, "a way to a new link")
	assert.NotContains(t, string(expired.Body), "确认验证邮箱")
	r = b.post("/email/verify", url.Values{"token": {verifyTokenOf(t, second)}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	token = verifyLogin(t, env, "李四") // two days on, the session has ended
	assert.Equal(t, false, verifyMe(t, env, token)["email_verified"])

	// A fresh link works once.
	resend = verifyAPI(t, env, http.MethodPost, "/me/email-verification", token, nil)
	require.Equal(t, http.StatusAccepted, resend.Status, string(resend.Body))
	third := verifyLinks(t, env, "owner@example.com", 3)[2]
	done := b.post("/email/verify", url.Values{"token": {verifyTokenOf(t, third)}})
	require.Equal(t, http.StatusOK, done.Status, string(done.Body))
	assert.Contains(t, string(done.Body), "邮箱验证成功")
	assert.Equal(t, true, verifyMe(t, env, token)["email_verified"])
	used := b.get(third)
	assert.Contains(t, string(used.Body), "验证链接无效、已使用或已过期")
}

// verifyTokenOf is the token parameter of a link.
func verifyTokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(strings.TrimSpace(link))
	require.NoError(t, err)
	return u.Query().Get("token")
}
