package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// Until its address is verified, an account logs in but may not apply:
// 403 email_unverified; a new link comes on request, at most once a minute;
// a dead link is 422 on "token" (issue 9, finding 13).
func TestEmailVerificationThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	r := a.do(call{Method: http.MethodPost, Path: "/members", Body: a.registration("individual", "p@example.com", "张三")})
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	token := a.loginToken("张三", goodPassword)

	me := a.do(call{Method: http.MethodGet, Path: "/me", Token: token})
	assert.Equal(t, false, me.object()["email_verified"])
	save := func() reply {
		return a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token, Body: map[string]any{
			"individual": map[string]any{"name": "张三"}}})
	}
	r = save()
	assert.Equal(t, http.StatusForbidden, r.Status, string(r.Body))
	assert.Equal(t, member.ErrEmailUnverified, r.code())

	resend := call{Method: http.MethodPost, Path: "/me/email-verification", Token: token}
	r = a.do(resend)
	assert.Equal(t, http.StatusTooManyRequests, r.Status, "the registration's mail was just sent: %s", r.Body)
	assert.Equal(t, "verify_mail_throttled", r.code())
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	a.env.Clock.Advance(member.VerifyMailEvery)
	r = a.do(resend)
	assert.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	a.env.Mailbox.WaitFor(t, "p@example.com", "【中国质量协会】请验证邮箱", waitMail)

	r = a.do(call{Method: http.MethodPost, Path: "/email-verifications/confirm", Body: map[string]any{"token": "dead"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "verify_link_invalid", r.fields()["token"])

	link := a.env.VerificationLink(t, "p@example.com")
	r = a.do(call{Method: http.MethodPost, Path: "/email-verifications/confirm",
		Body: map[string]any{"token": membershiptest.LinkToken(t, link)}})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	assert.Equal(t, http.StatusOK, save().Status)
	r = a.do(resend)
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "email_already_verified", r.code())
	r = a.do(call{Method: http.MethodPost, Path: "/me/email-verification"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
}
