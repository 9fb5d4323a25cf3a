package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaffAccountsAdminOnly(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin1", "admin")
	reviewer := a.staffToken("reviewer1", "reviewer")
	_, member := a.memberToken("individual", "zhang@example.com", "张三")
	for _, tok := range []string{reviewer, member} {
		assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/staff-accounts", Token: tok}).Status)
		r := a.do(call{Method: http.MethodPost, Path: "/staff-accounts", Token: tok, Body: map[string]any{
			"username": "x1", "role": "admin", "password": "abcdef12345"}})
		assert.Equal(t, http.StatusForbidden, r.Status)
	}
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/staff-accounts"}).Status)

	r := a.do(call{Method: http.MethodGet, Path: "/staff-accounts", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.InDelta(t, 2, r.object()["total"], 0)
	items := r.object()["items"].([]any)
	assert.Equal(t, "admin1", items[0].(map[string]any)["username"])
	assert.Equal(t, true, items[0].(map[string]any)["self"])

	for _, q := range []string{"page=-1", "page_size=0", "page_size=101", "page=abc"} {
		r := a.do(call{Method: http.MethodGet, Path: "/staff-accounts?" + q, Token: admin})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, q)
	}
	r = a.do(call{Method: http.MethodGet, Path: "/staff-accounts?page=9", Token: admin})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, true, r.object()["clamped"])
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/staff-accounts/nope", Token: admin}).Status)
}

func TestStaffAccountsCreateAndManage(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin1", "admin")
	good := map[string]any{"username": "wang", "display_name": "王会计", "email": "wang@example.com",
		"role": "finance", "password": "finance2026x"}
	bad := []struct {
		change map[string]any
		status int
		field  string
		code   string
	}{
		{map[string]any{"password": "short1"}, http.StatusUnprocessableEntity, "password", "password_too_short"},
		{map[string]any{"password": "abcdefghijkl"}, http.StatusUnprocessableEntity, "password", "password_weak"},
		{map[string]any{"role": "boss"}, http.StatusUnprocessableEntity, "role", "role_invalid"},
		{map[string]any{"username": "a b"}, http.StatusUnprocessableEntity, "username", "username_invalid"},
		{map[string]any{"username": "admin1"}, http.StatusConflict, "username", "username_taken"},
	}
	for _, tc := range bad {
		body := map[string]any{}
		for k, v := range good {
			body[k] = v
		}
		for k, v := range tc.change {
			body[k] = v
		}
		r := a.do(call{Method: http.MethodPost, Path: "/staff-accounts", Token: admin, Body: body})
		assert.Equal(t, tc.status, r.Status, "%v: %s", tc.change, r.Body)
		assert.Equal(t, tc.code, r.fields()[tc.field], "%v", tc.change)
	}
	unknown := `{"username":"wang","role":"finance","password":"finance2026x","admin":true}`
	r := a.do(call{Method: http.MethodPost, Path: "/staff-accounts", Token: admin, Raw: &unknown})
	assert.Equal(t, http.StatusBadRequest, r.Status)
	_, err := a.env.Module.Ports().Staff.GetByUsername(context.Background(), "wang")
	require.Error(t, err, "nothing stored from refused requests")

	r = a.do(call{Method: http.MethodPost, Path: "/staff-accounts", Token: admin, Body: good})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.Equal(t, "finance", r.str("role"))
	assert.Equal(t, "王会计", r.str("display_name"))

	// The new account logs in; the admin changes its role, then disables it:
	// its token dies at once.
	login := a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": "wang", "password": "finance2026x", "captcha_token": a.captcha("staff_login")}})
	require.Equal(t, http.StatusCreated, login.Status, string(login.Body))
	wang := login.str("token")
	r = a.do(call{Method: http.MethodPut, Path: "/staff-accounts/" + id + "/role", Token: admin,
		Body: map[string]any{"role": "nobody"}})
	assert.Equal(t, "role_invalid", r.fields()["role"])
	r = a.do(call{Method: http.MethodPut, Path: "/staff-accounts/" + id + "/role", Token: admin,
		Body: map[string]any{"role": "secretariat"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "secretariat", r.str("role"))
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/me", Token: wang}).Status)

	r = a.do(call{Method: http.MethodPost, Path: "/staff-accounts/" + id + "/disable", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, true, r.object()["disabled"])
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/me", Token: wang}).Status)

	r = a.do(call{Method: http.MethodPost, Path: "/staff-accounts/" + id + "/enable", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, false, r.object()["disabled"])
	r = a.do(call{Method: http.MethodPut, Path: "/staff-accounts/" + id + "/password", Token: admin,
		Body: map[string]any{"password": "short"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = a.do(call{Method: http.MethodPut, Path: "/staff-accounts/" + id + "/password", Token: admin,
		Body: map[string]any{"password": "newsecret2027"}})
	assert.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	login = a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": "wang", "password": "newsecret2027", "captcha_token": a.captcha("staff_login")}})
	assert.Equal(t, http.StatusCreated, login.Status, string(login.Body))
}

func TestStaffAccountsKeepTheLastAdmin(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin1", "admin")
	me := a.do(call{Method: http.MethodGet, Path: "/staff-accounts", Token: admin}).object()["items"].([]any)[0]
	id := me.(map[string]any)["id"].(string)

	r := a.do(call{Method: http.MethodPost, Path: "/staff-accounts/" + id + "/disable", Token: admin})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "disable_self", r.fields()["staff"])
	r = a.do(call{Method: http.MethodPut, Path: "/staff-accounts/" + id + "/role", Token: admin,
		Body: map[string]any{"role": "reviewer"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "last_admin", r.fields()["role"])
	r = a.do(call{Method: http.MethodGet, Path: "/staff-accounts/" + id, Token: admin})
	assert.Equal(t, "admin", r.str("role"))
	assert.Equal(t, false, r.object()["disabled"])
}
