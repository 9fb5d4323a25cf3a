package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member/membertest"
)

// account returns the account object of a member detail.
func account(r reply) map[string]any {
	a, _ := r.object()["account"].(map[string]any)
	return a
}

func TestStaffChangesAPI(t *testing.T) {
	t.Parallel()
	a := newRegistryAPI(t)
	sec := a.staffToken("secretariat1", "secretariat")
	reviewer := a.staffToken("reviewer1", "reviewer")
	finance := a.staffToken("finance1", "finance")
	path := "/members/" + a.quality

	// 调整级别: bad input first, nothing changed.
	for body, field := range map[*map[string]any]string{
		{"level": "理事", "doc_no": "质协〔2024〕8号", "reason": ""}:     "reason",
		{"level": "名誉会长", "doc_no": "质协〔2024〕8号", "reason": "决议"}: "level",
		{"level": "理事", "doc_no": " ", "reason": "决议"}:            "doc_no",
		{"level": "普通会员", "doc_no": "质协〔2024〕8号", "reason": "决议"}: "level",
	} {
		r := a.do(call{Method: http.MethodPost, Path: path + "/level", Body: *body, Token: sec})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, string(r.Body))
		assert.Contains(t, r.fields(), field, string(r.Body))
	}
	r := a.do(call{Method: http.MethodPost, Path: path + "/level", Token: finance,
		Body: map[string]any{"level": "理事", "doc_no": "质协〔2024〕8号", "reason": "决议"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: path + "/level", Token: sec,
		Body: map[string]any{"level": "理事", "doc_no": "质协〔2024〕8号", "reason": "理事会决议", "extra": 1}})
	assert.Equal(t, http.StatusBadRequest, r.Status, "unknown fields are refused")
	r = a.do(call{Method: http.MethodPost, Path: path + "/level", Token: sec,
		Body: map[string]any{"level": "理事", "doc_no": "质协〔2024〕8号", "reason": "理事会决议"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "理事", account(r)["level"])

	// PATCH with If-Match: a stale version is 409 and nothing is saved.
	r = a.do(call{Method: http.MethodGet, Path: path, Token: reviewer})
	etag := r.Header.Get("ETag")
	require.NotEmpty(t, etag)
	form := membertest.EnterpriseForm("中国质量协会")
	form.ContactName = "李雷"
	edit := map[string]any{"name": "中国质量协会", "enterprise": form, "reason": "会员来函更换联系人"}
	r = a.do(call{Method: http.MethodPatch, Path: path, Token: reviewer, Body: map[string]any{"name": "中国质量协会",
		"enterprise": form, "reason": ""}, Header: http.Header{"If-Match": {etag}}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "required", r.fields()["reason"])
	r = a.do(call{Method: http.MethodPatch, Path: path, Token: reviewer, Body: edit,
		Header: http.Header{"If-Match": {`"1"`}}})
	assert.Equal(t, http.StatusConflict, r.Status, string(r.Body))
	assert.Equal(t, "stale_version", r.fields()["version"])
	assert.Contains(t, string(r.Body), "该会员资料已被他人修改，请刷新后重试")
	r = a.do(call{Method: http.MethodPatch, Path: path, Token: sec, Body: edit, Header: http.Header{"If-Match": {etag}}})
	assert.Equal(t, http.StatusForbidden, r.Status, "the secretariat does not edit data")
	r = a.do(call{Method: http.MethodPatch, Path: path, Token: reviewer, Body: edit, Header: http.Header{"If-Match": {etag}}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.NotEqual(t, etag, r.Header.Get("ETag"))
	r = a.do(call{Method: http.MethodPatch, Path: path, Token: reviewer, Body: edit, Header: http.Header{"If-Match": {etag}}})
	assert.Equal(t, http.StatusConflict, r.Status, "the same version twice")

	// Suspend, reinstate, withdraw.
	r = a.do(call{Method: http.MethodPost, Path: path + "/suspend", Token: sec, Body: map[string]any{"reason": ""}})
	assert.Equal(t, "required", r.fields()["reason"])
	r = a.do(call{Method: http.MethodPost, Path: path + "/suspend", Token: sec, Body: map[string]any{"reason": "欠费"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "suspended", account(r)["status"])
	assert.Equal(t, "欠费", account(r)["status_reason"])
	r = a.do(call{Method: http.MethodPost, Path: path + "/suspend", Token: sec, Body: map[string]any{"reason": "欠费"}})
	assert.Equal(t, http.StatusConflict, r.Status, "already suspended")
	r = a.do(call{Method: http.MethodPost, Path: path + "/reinstate", Token: sec, Body: map[string]any{"reason": "已补缴"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "active", account(r)["status"])
	r = a.do(call{Method: http.MethodPost, Path: path + "/withdraw", Token: sec,
		Body: map[string]any{"reason": "会员来函", "by_request": true}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "withdrawn", account(r)["status"])
	r = a.do(call{Method: http.MethodPost, Path: "/members/nope/suspend", Token: sec, Body: map[string]any{"reason": "x"}})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestCreateMemberAPI(t *testing.T) {
	t.Parallel()
	a := newRegistryAPI(t)
	admin := a.staffToken("admin1", "admin")
	r := a.do(call{Method: http.MethodPost, Path: "/member-entries", Token: a.staffToken("secretariat1", "secretariat"),
		Body: map[string]any{"kind": "enterprise", "name": "纸质入会单位", "email": "paper@example.com"}})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/member-entries", Token: admin,
		Body: map[string]any{"kind": "enterprise", "name": "纸质入会单位", "email": "paper@example.com",
			"level": "名誉会长", "valid_from": "2024-13-01"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "date_invalid", r.fields()["valid_from"])
	r = a.do(call{Method: http.MethodPost, Path: "/member-entries", Token: admin,
		Body: map[string]any{"kind": "enterprise", "name": "纸质入会单位", "email": "paper@example.com", "level": "名誉会长"}})
	assert.Equal(t, "level_unknown", r.fields()["level"])
	r = a.do(call{Method: http.MethodPost, Path: "/member-entries", Token: admin,
		Body: map[string]any{"kind": "enterprise", "name": "中国质量协会", "email": "quality@example.com"}})
	assert.Equal(t, "name_taken", r.fields()["name"])
	assert.Equal(t, "email_taken", r.fields()["email"])
	r = a.do(call{Method: http.MethodPost, Path: "/member-entries", Token: admin,
		Body: map[string]any{"kind": "enterprise", "name": "纸质入会单位", "email": "paper@example.com", "level": "副会长",
			"valid_from": "2024-01-01", "valid_until": "2024-12-31", "doc_no": "质协〔2024〕2号"}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("member_id")
	r = a.do(call{Method: http.MethodGet, Path: "/members/" + id, Token: admin})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "副会长", account(r)["level"])
	assert.Equal(t, "active", account(r)["status"])
	assert.NotEmpty(t, account(r)["number"])
}
