package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/ports"
)

func TestMemberAccountHelpAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	id, member := a.memberToken("individual", "zhang@example.com", "张三")
	reviewer := a.staffToken("reviewer1", "reviewer")
	finance := a.staffToken("finance1", "finance")
	base := "/members/" + id + "/account-help"

	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: base, Token: finance}).Status)
	assert.Equal(t, http.StatusForbidden,
		a.do(call{Method: http.MethodPost, Path: base + "/reset-link", Token: finance}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: base, Token: member}).Status)
	assert.Equal(t, http.StatusNotFound,
		a.do(call{Method: http.MethodPost, Path: "/members/nope/account-help/unlock", Token: reviewer}).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: base}).Status)

	r := a.do(call{Method: http.MethodGet, Path: base, Token: reviewer})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "zhang@example.com", r.str("email"))
	assert.Equal(t, false, r.object()["locked"])

	r = a.do(call{Method: http.MethodPost, Path: base + "/unlock", Token: reviewer})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "not_locked", r.code())
	r = a.do(call{Method: http.MethodPost, Path: base + "/verification-mail", Token: reviewer})
	assert.Equal(t, http.StatusConflict, r.Status, "newTestAPI's members verify their address")
	assert.Equal(t, "email_already_verified", r.code())

	for range 5 {
		a.login("张三", "wrong-pass-1", otherAddr)
	}
	r = a.do(call{Method: http.MethodGet, Path: base, Token: reviewer})
	assert.Equal(t, true, r.object()["locked"])
	assert.NotNil(t, r.object()["locked_until"])
	r = a.do(call{Method: http.MethodPost, Path: base + "/unlock", Token: reviewer})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	assert.Equal(t, http.StatusCreated, a.login("张三", goodPassword, otherAddr).Status)

	r = a.do(call{Method: http.MethodPost, Path: base + "/reset-link", Token: reviewer})
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	mail := a.env.Mailbox.WaitFor(t, "zhang@example.com", "重置密码", waitMail)
	assert.Contains(t, mail.Text, "/password/reset?token=")

	entries, _, err := a.env.Module.Ports().Audit.List(context.Background(), ports.AuditQuery{MemberID: id})
	require.NoError(t, err)
	require.Len(t, entries, 2, "the unlock and the link; refusals are not recorded")
	assert.Equal(t, defaultAddr[:len("192.0.2.10")], entries[0].Address)
}

func TestMemberEmailChangeAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	id, _ := a.memberToken("individual", "zhang@example.com", "张三")
	a.register("individual", "li@example.com", "李四")
	admin := a.staffToken("admin1", "admin")
	path := "/members/" + id + "/account-help/email"
	for email, want := range map[string]struct {
		status int
		code   string
	}{
		"":                  {http.StatusUnprocessableEntity, "required"},
		"nope":              {http.StatusUnprocessableEntity, "email_invalid"},
		"zhang@example.com": {http.StatusUnprocessableEntity, "email_unchanged"},
		"li@example.com":    {http.StatusConflict, "email_taken"},
	} {
		r := a.do(call{Method: http.MethodPost, Path: path, Token: admin, Body: map[string]any{"email": email}})
		assert.Equal(t, want.status, r.Status, email)
		assert.Equal(t, want.code, r.fields()["email"], email)
	}
	r := a.do(call{Method: http.MethodPost, Path: path, Token: admin, Body: map[string]any{"email": "zhang2@example.com"}})
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	mail := a.env.Mailbox.WaitFor(t, "zhang2@example.com", "确认修改登录邮箱", waitMail)
	_, token, ok := strings.Cut(mail.Text, "/email/change?token=")
	require.True(t, ok, mail.Text)
	token, _, _ = strings.Cut(token, "\n")
	token = strings.TrimSpace(token)

	r = a.do(call{Method: http.MethodPost, Path: "/email-changes/confirm", Body: map[string]any{"token": "forged"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "email_change_link_invalid", r.fields()["token"])
	r = a.do(call{Method: http.MethodPost, Path: "/email-changes/confirm", Body: map[string]any{"token": token}})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	a.env.Mailbox.WaitFor(t, "zhang@example.com", "登录邮箱已更改", waitMail)
	assert.Equal(t, http.StatusCreated, a.login("张三", goodPassword, otherAddr).Status)
	m, err := a.env.Module.Ports().Members.Get(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, "zhang2@example.com", m.Email())
}
