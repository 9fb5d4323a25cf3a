package httpapi_test

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

func TestMeNeedsAToken(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	tests := []struct {
		name, header, code, challenge string
	}{
		{"no header", "", "login_required", `Bearer realm="membership"`},
		{"not bearer", "Basic dXNlcjpwYXNz", "login_required", `Bearer realm="membership"`},
		{"empty bearer", "Bearer ", "login_required", `Bearer realm="membership"`},
		{"unknown token", "Bearer not-a-session", "session_expired", `Bearer realm="membership", error="invalid_token"`},
	}
	for _, tc := range tests {
		r := a.doWithAuthorization(http.MethodGet, "/me", tc.header)
		assert.Equal(t, http.StatusUnauthorized, r.Status, tc.name)
		assert.Equal(t, tc.code, r.code(), tc.name)
		assert.Equal(t, tc.challenge, r.Header.Get("WWW-Authenticate"), tc.name)
		assert.Empty(t, r.Header.Values("Set-Cookie"), "the API never sets cookies")
	}
}

func TestMeMemberDashboard(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	id := a.register("enterprise", "ent@example.com", "测试号科技有限公司")
	token := a.loginToken("测试号科技有限公司", goodPassword)

	r := a.do(call{Method: http.MethodGet, Path: "/me", Token: token})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o := r.object()
	want := map[string]any{
		"id": id, "kind": "enterprise", "kind_label": "单位会员", "name": "测试号科技有限公司",
		"email": "ent@example.com", "number": nil, "level": "普通会员", "role": "enterprise",
		"is_council": false, "status": "registered", "status_label": "已注册", "step": float64(2),
		"validity_text": "--", "valid_until": nil, "awaiting_secretariat": false, "reject_reason": nil,
		"must_change_password": false, "unread_notifications": float64(0),
	}
	for k, v := range want {
		assert.Equal(t, v, o[k], k)
	}
	assert.NotEmpty(t, o["registered_at"])

	a.approve(id, "19141263")
	r = a.do(call{Method: http.MethodGet, Path: "/me", Token: token})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "19141263", r.object()["number"])
	assert.Equal(t, "approved", r.object()["status"])
	assert.Equal(t, float64(4), r.object()["step"])
}

// policy is an Authorizer for tests. Once armed it denies the member portal home,
// or fails when asked about it; until then, and for everything else, it allows
// (the web UI asks about its menus at start-up).
type policy struct {
	armed atomic.Bool
	fail  bool
}

func (p *policy) Allowed(_ access.Role, object, _ string) (bool, error) {
	switch {
	case object != access.ObjMemberHome || !p.armed.Load():
		return true, nil
	case p.fail:
		return false, errors.New("policy store unreachable")
	}
	return false, nil
}

func TestMeAsksThePolicy(t *testing.T) {
	t.Parallel()
	denying := &policy{}
	deny := newTestAPI(t, membershiptest.WithModuleOption(membership.WithAuthorizer(denying)))
	denying.armed.Store(true)
	deny.register("individual", "ind@example.com", "张三")
	r := deny.do(call{Method: http.MethodGet, Path: "/me", Token: deny.loginToken("张三", goodPassword)})
	assert.Equal(t, http.StatusForbidden, r.Status, string(r.Body))
	assert.Equal(t, "forbidden", r.code())

	failing := &policy{fail: true}
	broken := newTestAPI(t, membershiptest.WithModuleOption(membership.WithAuthorizer(failing)))
	failing.armed.Store(true)
	broken.register("individual", "ind@example.com", "张三")
	r = broken.do(call{Method: http.MethodGet, Path: "/me", Token: broken.loginToken("张三", goodPassword)})
	assert.Equal(t, http.StatusInternalServerError, r.Status)
	assert.Equal(t, "internal", r.code())
	assert.Equal(t, "系统繁忙，请稍后再试", r.object()["error"].(map[string]any)["message"])
	assert.NotContains(t, string(r.Body), "unreachable")
	assert.Contains(t, broken.logs.String(), "policy store unreachable")
	assert.Contains(t, broken.logs.String(), r.Header.Get("X-Request-Id"))
}
