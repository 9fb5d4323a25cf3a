package httpapi_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoginByNameAndByNumber(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	ent := a.register("enterprise", "ent@example.com", "测试号科技有限公司")
	ind := a.register("individual", "ind@example.com", "张三")
	a.approve(ent, "19141263")
	a.approve(ind, "GR190037")

	tests := []struct {
		name, login, kindRole, id string
		remember                  bool
		life                      time.Duration
	}{
		{"enterprise by name", "测试号科技有限公司", "enterprise", ent, false, 12 * time.Hour},
		{"enterprise by name with spaces", "  测试号科技有限公司 ", "enterprise", ent, false, 12 * time.Hour},
		{"enterprise by number", "19141263", "enterprise", ent, true, 30 * 24 * time.Hour},
		{"individual by name", "张三", "individual", ind, true, 30 * 24 * time.Hour},
		{"individual by number", "GR190037", "individual", ind, false, 12 * time.Hour},
	}
	for _, tc := range tests {
		r := a.do(call{Method: http.MethodPost, Path: "/sessions", Body: map[string]any{
			"login": tc.login, "password": goodPassword, "remember": tc.remember, "captcha_token": a.captcha("login")}})
		require.Equal(t, http.StatusCreated, r.Status, "%s: %s", tc.name, r.Body)
		o := r.object()
		assert.NotEmpty(t, o["token"], tc.name)
		assert.Equal(t, map[string]any{"kind": "member", "id": tc.id, "role": tc.kindRole}, o["principal"], tc.name)
		exp, err := time.Parse(time.RFC3339, o["expires_at"].(string))
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now().Add(tc.life), exp, time.Minute, tc.name)

		me := a.do(call{Method: http.MethodGet, Path: "/me", Token: o["token"].(string)})
		require.Equal(t, http.StatusOK, me.Status, tc.name)
		assert.Equal(t, tc.id, me.str("id"), tc.name)
	}
}

func TestLoginRefusals(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "ind@example.com", "张三")
	tests := []struct {
		name        string
		body        map[string]any
		field, code string
	}{
		// One answer for an unknown account and a wrong password (issue 9,
		// finding 9: the field and code no longer tell which accounts exist).
		{"unknown account", map[string]any{"login": "李四", "password": goodPassword}, "password", "invalid_credentials"},
		{"unknown number", map[string]any{"login": "GR999999", "password": goodPassword}, "password", "invalid_credentials"},
		{"wrong password", map[string]any{"login": "张三", "password": "wrong123"}, "password", "invalid_credentials"},
		{"missing login", map[string]any{"login": "", "password": goodPassword}, "login", "required"},
		{"missing password", map[string]any{"login": "张三", "password": ""}, "password", "required"},
		{"no captcha", map[string]any{"login": "张三", "password": goodPassword, "captcha_token": ""}, "captcha", "captcha_required"},
		{"forged captcha", map[string]any{"login": "张三", "password": goodPassword, "captcha_token": "forged"}, "captcha", "captcha_required"},
	}
	for _, tc := range tests {
		body := map[string]any{"captcha_token": a.captcha("login")}
		for k, v := range tc.body {
			body[k] = v
		}
		r := a.do(call{Method: http.MethodPost, Path: "/sessions", Body: body})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s: %s", tc.name, r.Body)
		assert.Equal(t, tc.code, r.fields()[tc.field], "%s: %s", tc.name, r.Body)
	}
}

func TestLoginThrottledPerAccount(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "ind@example.com", "张三")
	for i := range 5 {
		r := a.login("张三", "wrong123", fmt.Sprintf("203.0.113.%d:1", i+1))
		require.Equal(t, "invalid_credentials", r.fields()["password"], "attempt %d: %s", i+1, r.Body)
	}
	// Even the right password, from another address, waits now.
	r := a.login("张三", goodPassword, otherAddr)
	require.Equal(t, http.StatusTooManyRequests, r.Status, string(r.Body))
	assert.Equal(t, "login_throttled", r.code())
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.True(t, secs > 0 && secs <= 15*60, "Retry-After %d", secs)
	assert.Contains(t, r.object()["error"].(map[string]any)["message"], "分钟后再试")
}

func TestLoginThrottledPerAddress(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "ind@example.com", "张三")
	const addr = "203.0.113.99:1"
	for i := range 20 {
		r := a.login(fmt.Sprintf("不存在的人%d", i), goodPassword, addr)
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, "attempt %d: %s", i+1, r.Body)
	}
	r := a.login("张三", goodPassword, addr)
	assert.Equal(t, http.StatusTooManyRequests, r.Status, string(r.Body))
	assert.NotEmpty(t, r.Header.Get("Retry-After"))
	r = a.login("张三", goodPassword, otherAddr)
	assert.Equal(t, http.StatusCreated, r.Status, "another address is not affected: %s", r.Body)
}

func TestLogout(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "ind@example.com", "张三")
	token := a.loginToken("张三", goodPassword)
	other := a.loginToken("张三", goodPassword)

	r := a.do(call{Method: http.MethodDelete, Path: "/sessions/current", Token: token})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = a.do(call{Method: http.MethodGet, Path: "/me", Token: token})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, "session_expired", r.code())

	r = a.do(call{Method: http.MethodDelete, Path: "/sessions/current", Token: token})
	assert.Equal(t, http.StatusNoContent, r.Status, "logging out twice is fine")
	r = a.do(call{Method: http.MethodDelete, Path: "/sessions/current"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, "login_required", r.code())

	r = a.do(call{Method: http.MethodGet, Path: "/me", Token: other})
	assert.Equal(t, http.StatusOK, r.Status, "the other session lives on")
}

func TestStaffLogin(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	id := a.env.CreateStaff(t, "finance1", "finance", staffPassword)

	r := a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": "finance1", "password": "wrong123", "captcha_token": a.captcha("staff_login")}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "invalid_credentials", r.fields()["password"])
	r = a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": "nobody", "password": staffPassword, "captcha_token": a.captcha("staff_login")}})
	assert.Equal(t, "invalid_credentials", r.fields()["password"], "the same answer for an unknown username")

	r = a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": "finance1", "password": staffPassword, "captcha_token": a.captcha("staff_login")}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	assert.Equal(t, map[string]any{"kind": "staff", "id": id, "role": "finance"}, r.object()["principal"])

	me := a.do(call{Method: http.MethodGet, Path: "/me", Token: r.str("token")})
	require.Equal(t, http.StatusOK, me.Status, string(me.Body))
	assert.Equal(t, map[string]any{"kind": "staff", "id": id, "username": "finance1", "display_name": "finance1",
		"role": "finance", "role_label": "财务"}, me.object())

	// A staff account is not a member: the member login does not know it.
	r = a.login("finance1", staffPassword, "")
	assert.Equal(t, "invalid_credentials", r.fields()["password"])
}
