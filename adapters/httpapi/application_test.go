package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// fakePDF renders a tiny PDF without a font.
type fakePDF struct{}

func (fakePDF) RenderForm(context.Context, ports.FormDocument) ([]byte, error) {
	return []byte("%PDF-1.4\n% fake\n%%EOF\n"), nil
}

func newAppAPI(t *testing.T) *testAPI {
	return newTestAPI(t, membershiptest.WithModuleOption(membership.WithDocumentRenderer(fakePDF{})))
}

func TestApplicationOptions(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	r := a.do(call{Method: http.MethodGet, Path: "/application-options"})
	require.Equal(t, http.StatusOK, r.Status)
	o := r.object()
	assert.Len(t, o["industries"], 20)
	assert.Len(t, o["provinces"], 34)
	assert.Len(t, o["employee_ranges"], 5)
	assert.Equal(t, map[string]any{"code": "S", "label": "公共管理、社会保障和社会组织"}, o["industries"].([]any)[18])
}

func TestMyApplicationDraft(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	id, token := a.memberToken("enterprise", "draft@example.com", "草稿科技有限公司")

	r := a.do(call{Method: http.MethodGet, Path: "/me/application", Token: token})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o := r.object()
	assert.Equal(t, "registered", o["status"])
	assert.Equal(t, float64(2), o["step"])
	assert.Nil(t, o["individual"])
	assert.Equal(t, "草稿科技有限公司", o["enterprise"].(map[string]any)["name"], "pre-filled")
	assert.Equal(t, false, o["form_started"])

	good := enterpriseDraft("草稿科技有限公司", true)
	tests := []struct {
		name, field, value, code string
	}{
		{"wrong USCC check character", "uscc", "91350100M000100Y44", "uscc_checksum"},
		{"missing required field", "contact_name", "", "required"},
		{"unknown industry", "industry", "Z", "unknown_choice"},
		{"unknown province", "province", "99", "unknown_choice"},
		{"bad postal code", "postal_code", "1000", "postal_code_invalid"},
		{"bad mobile", "contact_mobile", "1234", "mobile_invalid"},
	}
	for _, tc := range tests {
		r := a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token, Body: withField(good, tc.field, tc.value)})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, tc.name)
		assert.Equal(t, "invalid_input", r.code(), tc.name)
		assert.Equal(t, tc.code, r.fields()[tc.field], tc.name)
		assert.False(t, a.stored(id).Application().Started(), "%s: nothing stored", tc.name)
	}

	// Wrong shapes of the body.
	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
		Body: individualDraft("张三", "draft@example.com")})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "form_kind", r.code())
	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token, Body: map[string]any{"require_complete": false}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
		Raw: ptr(`{"enterprise":{"name":"x","is_admin":true}}`), ContentType: "application/json"})
	assert.Equal(t, http.StatusBadRequest, r.Status, "unknown fields inside the form are refused")
	assert.False(t, a.stored(id).Application().Started())

	// A partial draft, then the complete form.
	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
		Body: map[string]any{"enterprise": map[string]any{"name": "草稿科技有限公司", "industry": "c"}}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "C", r.object()["enterprise"].(map[string]any)["industry"], "normalized")
	assert.Equal(t, false, r.object()["form_complete"])
	assert.NotEmpty(t, r.object()["missing"])

	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token, Body: good})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o = r.object()
	assert.Equal(t, "draft", o["status"])
	assert.Equal(t, float64(3), o["step"])
	assert.Equal(t, true, o["form_complete"])
	assert.Equal(t, []any{map[string]any{"field": "scan", "code": "scan_required", "message": "请上传盖章后的入会申请表扫描件"}},
		o["missing"])
	assert.Equal(t, true, o["can_upload_scan"])

	// Staff have no application of their own.
	staff := a.staffToken("reviewer1", "reviewer")
	r = a.do(call{Method: http.MethodGet, Path: "/me/application", Token: staff})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: staff, Body: good})
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/me/application"}).Status)
}

func TestMyIndividualApplication(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	id, token := a.memberToken("individual", "ind@example.com", "李四")
	good := individualDraft("李四", "ind@example.com")
	r := a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
		Body: withField(good, "id_number", "110105194912310021")})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "id_number_checksum", r.fields()["id_number"])
	assert.False(t, a.stored(id).Application().Started())

	r = a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token, Body: good})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Nil(t, r.object()["enterprise"])
	assert.Equal(t, false, r.object()["needs_scan"])
	r = a.upload(token, filePart{"scan", "a.png", membershiptest.PNG(t, 20, 20)})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "scan_not_needed", r.code())

	r = a.do(call{Method: http.MethodPost, Path: "/me/application/submit", Token: token,
		Body: map[string]any{"confirmed_stamped": false}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "submitted", r.object()["status"])
}

func TestMyScanUpload(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	png := membershiptest.PNG(t, 40, 30)
	jpg := membershiptest.JPEG(t, 40, 30)
	big := append(append([]byte{}, png...), make([]byte, application.MaxScanBytes+1-len(png))...)
	tests := []struct {
		name   string
		files  []filePart
		status int
		code   string // the field code on scan
	}{
		{"no file", nil, http.StatusUnprocessableEntity, "file_required"},
		{"file in another field", []filePart{{"file", "a.png", png}}, http.StatusUnprocessableEntity, "file_required"},
		{"PDF named .png", []filePart{{"scan", "a.png", []byte("%PDF-1.4\n%%EOF\n")}}, http.StatusUnprocessableEntity, "file_type"},
		{"HTML named .png", []filePart{{"scan", "a.png", []byte("<html><script>x</script></html>")}}, http.StatusUnprocessableEntity, "file_type"},
		{"truncated PNG", []filePart{{"scan", "a.png", png[:len(png)-20]}}, http.StatusUnprocessableEntity, "file_corrupt"},
		{"10 MB + 1 byte", []filePart{{"scan", "a.png", big}}, http.StatusUnprocessableEntity, "file_too_large"},
		{"body over the limit", []filePart{{"scan", "a.png", make([]byte, application.MaxScanBytes+100<<10)}},
			http.StatusRequestEntityTooLarge, "file_too_large"},
		{"two files at once", []filePart{{"scan", "a.png", png}, {"scan", "b.jpg", jpg}}, http.StatusUnprocessableEntity, "too_many_files"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "上传测试公司" + string(rune('A'+i))
			id, token := a.memberToken("enterprise", "up"+string(rune('a'+i))+"@example.com", name)
			require.Equal(t, http.StatusOK, a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
				Body: enterpriseDraft(name, true)}).Status)
			r := a.upload(token, tc.files...)
			assert.Equal(t, tc.status, r.Status, string(r.Body))
			assert.Equal(t, tc.code, r.fields()["scan"])
			assert.False(t, a.stored(id).Application().Scan.Present(), "nothing stored")
			assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/me/application/scan", Token: token}).Status)
		})
	}

	t.Run("not multipart", func(t *testing.T) {
		_, token := a.memberToken("enterprise", "json@example.com", "JSON公司")
		r := a.do(call{Method: http.MethodPost, Path: "/me/application/scan", Token: token, Body: map[string]any{"scan": "x"}})
		assert.Equal(t, http.StatusBadRequest, r.Status)
	})

	t.Run("a PNG named .jpg", func(t *testing.T) {
		id, token := a.memberToken("enterprise", "ok@example.com", "正常上传公司")
		r := a.upload(token, filePart{"scan", "a.png", png})
		assert.Equal(t, http.StatusConflict, r.Status, "the form must be complete first")
		assert.Equal(t, "form_incomplete", r.code())
		require.Equal(t, http.StatusOK, a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
			Body: enterpriseDraft("正常上传公司", true)}).Status)
		r = a.upload(token, filePart{"scan", "盖章.jpg", png})
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.Equal(t, "image/png", r.object()["content_type"])
		assert.Equal(t, "盖章.jpg", r.object()["file_name"])
		assert.True(t, a.stored(id).Application().Scan.Present())
		s := a.do(call{Method: http.MethodGet, Path: "/me/application/scan", Token: token})
		require.Equal(t, http.StatusOK, s.Status)
		assert.Equal(t, "image/png", s.Header.Get("Content-Type"))
		assert.Equal(t, png, s.Body)
		assert.Contains(t, s.Header.Get("Content-Disposition"), "filename*=UTF-8''%E7%9B%96%E7%AB%A0.jpg")
	})
}

// readyToSubmit registers an enterprise, saves the complete form and returns the
// id and token.
func (a *testAPI) readyToSubmit(t *testing.T, email, name string, scan bool) (string, string) {
	t.Helper()
	id, token := a.memberToken("enterprise", email, name)
	require.Equal(t, http.StatusOK, a.do(call{Method: http.MethodPut, Path: "/me/application", Token: token,
		Body: enterpriseDraft(name, true)}).Status)
	if scan {
		require.Equal(t, http.StatusCreated, a.upload(token, filePart{"scan", "a.png", membershiptest.PNG(t, 30, 30)}).Status)
	}
	return id, token
}

func TestMyApplicationSubmitAndPDF(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	_, token := a.memberToken("enterprise", "pdf@example.com", "下载科技公司")
	r := a.do(call{Method: http.MethodGet, Path: "/me/application/pdf", Token: token})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "form_incomplete", r.code())

	id, token := a.readyToSubmit(t, "submit@example.com", "提交科技公司", false)
	r = a.do(call{Method: http.MethodGet, Path: "/me/application/pdf", Token: token})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "application/pdf", r.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; filename=\"application.pdf\"; filename*=UTF-8''"))

	submit := func(confirmed bool) reply {
		return a.do(call{Method: http.MethodPost, Path: "/me/application/submit", Token: token,
			Body: map[string]any{"confirmed_stamped": confirmed}})
	}
	r = submit(true)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, map[string]string{"scan": "scan_required"}, r.fields())
	require.Equal(t, http.StatusCreated, a.upload(token, filePart{"scan", "a.png", membershiptest.PNG(t, 30, 30)}).Status)
	r = submit(false)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, map[string]string{"confirm_stamped": "confirm_required"}, r.fields())
	assert.Equal(t, member.StatusDraft, a.stored(id).Status())

	r = submit(true)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "submitted", r.object()["status"])
	assert.Equal(t, true, r.object()["confirmed_stamped"])
	assert.NotNil(t, r.object()["submitted_at"])
	r = submit(true)
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "invalid_transition", r.code())
}

func TestApplicationReview(t *testing.T) {
	t.Parallel()
	a := newAppAPI(t)
	first, firstToken := a.readyToSubmit(t, "first@example.com", "先到公司", true)
	second, secondToken := a.readyToSubmit(t, "second@example.com", "后到公司", true)
	for _, tok := range []string{firstToken, secondToken} {
		require.Equal(t, http.StatusOK, a.do(call{Method: http.MethodPost, Path: "/me/application/submit", Token: tok,
			Body: map[string]any{"confirmed_stamped": true}}).Status)
	}
	reviewer := a.staffToken("reviewer1", "reviewer")
	finance := a.staffToken("finance1", "finance")

	r := a.do(call{Method: http.MethodGet, Path: "/applications?status=submitted&page=1", Token: reviewer})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o := r.object()
	assert.Equal(t, map[string]any{"submitted": float64(2), "rejected": float64(0), "approved": float64(0)}, o["counts"])
	items := o["items"].([]any)
	require.Len(t, items, 2)
	assert.Equal(t, first, items[0].(map[string]any)["member_id"], "oldest first")
	assert.Equal(t, "制造业", items[0].(map[string]any)["industry_label"])
	assert.Equal(t, http.StatusUnprocessableEntity, a.do(call{Method: http.MethodGet, Path: "/applications?status=paid", Token: reviewer}).Status)
	assert.Equal(t, http.StatusUnprocessableEntity, a.do(call{Method: http.MethodGet, Path: "/applications?page=x", Token: reviewer}).Status)

	r = a.do(call{Method: http.MethodGet, Path: "/applications/" + first, Token: reviewer})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, true, r.object()["can_review"])
	doc := r.object()["document"].(map[string]any)
	assert.Equal(t, "中国质量协会单位会员入会申请表", doc["title"])
	assert.Equal(t, "企业信息", doc["sections"].([]any)[0].(map[string]any)["title"])
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/applications/" + first + "/scan", Token: reviewer}).Status)
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/applications/" + first + "/pdf", Token: reviewer}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/applications/nobody", Token: reviewer}).Status)

	// Others may not decide or look.
	for _, c := range []call{
		{Method: http.MethodGet, Path: "/applications", Token: finance},
		{Method: http.MethodGet, Path: "/applications/" + first, Token: finance},
		{Method: http.MethodPost, Path: "/applications/" + first + "/approve", Token: finance},
		{Method: http.MethodPost, Path: "/applications/" + first + "/reject", Token: finance, Body: map[string]any{"reason": "x"}},
		{Method: http.MethodGet, Path: "/applications", Token: secondToken},
		{Method: http.MethodPost, Path: "/applications/" + first + "/approve", Token: secondToken},
	} {
		r := a.do(c)
		assert.Equal(t, http.StatusForbidden, r.Status, "%s %s", c.Method, c.Path)
		assert.Equal(t, "forbidden", r.code())
	}
	// Another member is told the application does not exist.
	for _, p := range []string{"/applications/" + first, "/applications/" + first + "/scan", "/applications/" + first + "/pdf"} {
		r := a.do(call{Method: http.MethodGet, Path: p, Token: secondToken})
		assert.Equal(t, http.StatusNotFound, r.Status, "another member's file is not there: %s", p)
	}
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/applications/" + second + "/scan", Token: secondToken}).Status,
		"one's own scan is")
	m := a.stored(first)
	assert.Equal(t, member.StatusSubmitted, m.Status(), "nothing changed")
	assert.Empty(t, m.Number())

	// 退回 needs a reason; then the member sees it.
	r = a.do(call{Method: http.MethodPost, Path: "/applications/" + second + "/reject", Token: reviewer, Body: map[string]any{"reason": " "}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "required", r.fields()["reason"])
	r = a.do(call{Method: http.MethodPost, Path: "/applications/" + second + "/reject", Token: reviewer,
		Body: map[string]any{"reason": "扫描件缺少公章"}})
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = a.do(call{Method: http.MethodGet, Path: "/me/application", Token: secondToken})
	assert.Equal(t, "rejected", r.object()["status"])
	assert.Equal(t, "扫描件缺少公章", r.object()["reject_reason"])

	// 审核通过, once.
	r = a.do(call{Method: http.MethodPost, Path: "/applications/" + first + "/approve", Token: reviewer})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	number := r.str("number")
	assert.Regexp(t, `^\d{8}$`, number)
	assert.Equal(t, first, r.str("member_id"))
	r = a.do(call{Method: http.MethodPost, Path: "/applications/" + first + "/approve", Token: reviewer})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "already_approved", r.code())
	assert.Contains(t, r.object()["error"].(map[string]any)["message"], "不能重复审核")
	assert.Equal(t, number, a.stored(first).Number())

	r = a.do(call{Method: http.MethodGet, Path: "/applications?status=approved", Token: reviewer})
	assert.Equal(t, number, r.object()["items"].([]any)[0].(map[string]any)["number"])

	// The member's notifications.
	var list map[string]any
	a.env.WaitUntil(10*time.Second, func() bool {
		r = a.do(call{Method: http.MethodGet, Path: "/me/notifications", Token: firstToken})
		require.Equal(t, http.StatusOK, r.Status)
		list = r.object()
		return list["total"] == float64(2)
	})
	require.Equal(t, float64(2), list["total"], "submitted and approved")
	assert.Equal(t, float64(2), list["unread"])
	newest := list["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "企业【先到公司】的入会申请资料已通过, 会员号: "+number, newest["text"])
	assert.Equal(t, false, newest["read"])

	r = a.do(call{Method: http.MethodPost, Path: "/me/notifications/read", Token: firstToken,
		Body: map[string]any{"ids": []string{newest["id"].(string)}}})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, float64(1), r.object()["marked"])
	r = a.do(call{Method: http.MethodPost, Path: "/me/notifications/read", Token: secondToken,
		Body: map[string]any{"ids": []string{newest["id"].(string)}}})
	assert.Equal(t, float64(0), r.object()["marked"], "another member's notification is ignored")
	r = a.do(call{Method: http.MethodPost, Path: "/me/notifications/read", Token: firstToken, Body: map[string]any{}})
	assert.Equal(t, float64(1), r.object()["marked"])
	r = a.do(call{Method: http.MethodGet, Path: "/me/notifications?limit=1", Token: firstToken})
	assert.Equal(t, float64(0), r.object()["unread"])
	assert.Len(t, r.object()["items"], 1)
	assert.Equal(t, http.StatusUnprocessableEntity, a.do(call{Method: http.MethodGet, Path: "/me/notifications?limit=-1", Token: firstToken}).Status)
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/me/notifications", Token: reviewer}).Status)
}
