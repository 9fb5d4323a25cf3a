package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/adapters/httpapi"
)

func ptr(s string) *string { return &s }

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestUnreadableRequestsAreBadRequest(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	tests := []struct {
		name        string
		raw         string
		contentType string
		field       string // the field error expected, if any
		message     string // part of the message
	}{
		{"malformed JSON", `{"kind":`, "application/json", "", "JSON"},
		{"syntax error", `{"kind" "x"}`, "application/json", "", "JSON"},
		{"no content type", `{}`, "", "", "Content-Type"},
		{"form content type", `kind=enterprise`, "application/x-www-form-urlencoded", "", "Content-Type"},
		{"text content type", `{}`, "text/plain", "", "Content-Type"},
		{"not UTF-8", `{}`, "application/json; charset=gbk", "", "UTF-8"},
		{"too large", `{"name":"` + strings.Repeat("会", 22_000) + `"}`, "application/json", "", "64 KB"},
		{"unknown field", `{"kind":"enterprise","is_admin":true}`, "application/json", "is_admin", "is_admin"},
		{"wrong type", `{"kind":5}`, "application/json", "kind", "kind"},
		{"array", `[]`, "application/json", "", "对象"},
		{"two objects", `{}{}`, "application/json", "", "一个"},
		{"empty body", ``, "application/json", "", "不能为空"},
	}
	for _, tc := range tests {
		r := a.do(call{Method: http.MethodPost, Path: "/members", Raw: ptr(tc.raw), ContentType: tc.contentType})
		assert.Equal(t, http.StatusBadRequest, r.Status, tc.name)
		assert.Equal(t, "bad_request", r.code(), tc.name)
		msg, _ := r.object()["error"].(map[string]any)["message"].(string)
		assert.True(t, hasHan(msg), "%s: Chinese message, got %q", tc.name, msg)
		assert.Contains(t, msg, tc.message, tc.name)
		if tc.field != "" {
			assert.Contains(t, r.fields(), tc.field, tc.name)
		} else {
			assert.Empty(t, r.fields(), tc.name)
		}
	}
}

func TestBadRequestOnEveryBodyEndpoint(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "bad@example.com", "张三")
	member := a.loginToken("张三", goodPassword)
	reviewer := a.staffToken("reviewer1", "reviewer")
	// An upload is refused by role before its body is read
	// (upload_guard_test.go): the statement import is posted by finance.
	finance := a.staffToken("finance1", "finance")
	// 企业投稿 is an enterprise's upload, refused to individuals first.
	a.register("enterprise", "bad-ent@example.com", "坏请求公司")
	enterprise := a.loginToken("坏请求公司", goodPassword)
	admin := a.staffToken("admin1", "admin") // 导入老会员's uploads
	for _, key := range a.doc.Operations() {
		method, path, _ := strings.Cut(key, " ")
		op := a.doc.Operation(method, path)
		rb := httpapi.Obj(op["requestBody"])
		if rb == nil {
			continue
		}
		c := call{Method: method, Path: path, Raw: ptr(`{"unexpected":1}`), ContentType: "application/json"}
		if sec, _ := op["security"].([]any); len(sec) > 0 {
			c.Token = member
			if strings.HasPrefix(path, "/applications") {
				c.Token = reviewer
			}
			if key == "POST /statements" {
				c.Token = finance
			}
			if key == "POST /invoices/{invoice_id}/issue" { // finance's upload, refused to members first
				c.Token = finance
			}
			if key == "POST /me/submissions" {
				c.Token = enterprise
			}
			if strings.HasPrefix(path, "/imports") {
				c.Token = admin
			}
		}
		r := a.do(c)
		assert.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", key, r.Body)
		if httpapi.Obj(httpapi.Obj(rb["content"])["multipart/form-data"]) != nil {
			assert.Contains(t, r.object()["error"].(map[string]any)["message"], "multipart/form-data", key)
			continue
		}
		assert.Equal(t, map[string]string{"unexpected": "unknown_field"}, r.fields(), key)
	}
}
