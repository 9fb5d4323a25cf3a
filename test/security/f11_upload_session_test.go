package security_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// Finding 11: the upload forms parsed the multipart body (up to 10 MB, into
// memory and temporary files) before the session was looked at.

// TestUploadsAreRefusedBeforeTheirBodyIsRead: an 8 MB upload without a
// session, with an ended one, or from a principal the endpoint is not for, is
// answered by the session and role check (login redirect, 401, 403) while not
// one byte of its body has been read — web forms and API alike.
func TestUploadsAreRefusedBeforeTheirBodyIsRead(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "上传安全公司", "upload-security@example.com", "secret123")
	member := apiToken(t, env, "上传安全公司", "secret123")
	const size = 8 << 20

	tests := []struct {
		name, path, field, token string
		status                   int
		location                 string
	}{
		{"web, guest: scan", "/member/application/scan", "scan", "", http.StatusSeeOther, "/login?next="},
		{"web, guest: voucher", "/member/fees/voucher", "voucher", "", http.StatusSeeOther, "/login?next="},
		{"web, guest: statement", "/admin/statements", "statement", "", http.StatusSeeOther, "/admin/login?next="},
		{"API, guest: scan", "/api/v1/me/application/scan", "scan", "", http.StatusUnauthorized, ""},
		{"API, guest: voucher", "/api/v1/me/fees/voucher", "voucher", "", http.StatusUnauthorized, ""},
		{"API, ended session: scan", "/api/v1/me/application/scan", "scan", "ended", http.StatusUnauthorized, ""},
		{"API, member: statement", "/api/v1/statements", "statement", member, http.StatusForbidden, ""},
		// 信息变更's proof (issue 13).
		{"web, guest: info-change proof", "/member/info-change", "proof", "", http.StatusSeeOther, "/login?next="},
		{"API, guest: info-change proof", "/api/v1/me/info-changes", "proof", "", http.StatusUnauthorized, ""},
		{"API, ended session: info-change proof", "/api/v1/me/info-changes", "proof", "ended", http.StatusUnauthorized,
			""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, env)
			token := ""
			if tc.location != "" {
				token = c.csrf() // a visitor who opened a page: the CSRF cookie and token
			}
			body := bigUpload(tc.field, size)
			req := c.request(http.MethodPost, tc.path, body)
			req.Header.Set("Content-Type", "multipart/form-data; boundary="+uploadBoundary)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			if token != "" {
				req.Header.Set("X-CSRF-Token", token)
			}
			res := c.do(req)
			require.Equal(t, tc.status, res.Status)
			if tc.location != "" {
				assert.Contains(t, res.Header.Get("Location"), tc.location)
			} else {
				var out struct{ Error struct{ Code string } }
				require.NoError(t, json.Unmarshal([]byte(res.Body), &out))
				assert.NotEmpty(t, out.Error.Code)
			}
			assert.Zero(t, body.read.Load(), "bytes of the 8 MB body read before the refusal")
		})
	}
}
