package httpapi_test

import (
	"context"
	"net/http"
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
