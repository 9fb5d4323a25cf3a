package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingBody is a multipart body with one large file, generated as it is
// read, that counts the bytes the server read of it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read.Add(int64(n))
	return n, err
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestUploadsCheckTheSessionBeforeTheBody: the upload endpoints answer a
// request without a live session, or of a principal who may not upload there,
// before a byte of its multi-MB body is read, with the refusal the use case
// itself gives.
func TestUploadsCheckTheSessionBeforeTheBody(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	_, member := a.memberToken("enterprise", "guard@example.com", "上传守卫公司")
	reviewer := a.staffToken("guard-reviewer", "reviewer")
	tests := []struct {
		name, path, token, field string
		status                   int
		code, message            string
	}{
		{"guest: scan", "/me/application/scan", "", "scan", http.StatusUnauthorized, "login_required", ""},
		{"guest: voucher", "/me/fees/voucher", "", "voucher", http.StatusUnauthorized, "login_required", ""},
		{"guest: statement", "/statements", "", "statement", http.StatusUnauthorized, "login_required", ""},
		{"ended session: scan", "/me/application/scan", "no-such-token", "scan", http.StatusUnauthorized, "", ""},
		{"staff: a member's scan", "/me/application/scan", reviewer, "scan", http.StatusForbidden, "forbidden", ""},
		{"staff: a member's voucher", "/me/fees/voucher", reviewer, "voucher", http.StatusForbidden, "forbidden", ""},
		{"reviewer: statement", "/statements", reviewer, "statement", http.StatusForbidden, "forbidden", "您没有权限确认缴费"},
		{"member: statement", "/statements", member, "statement", http.StatusForbidden, "forbidden", "您没有权限确认缴费"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const size = 8 << 20
			const boundary = "guardboundary"
			head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + tc.field +
				"\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
			body := &countingBody{r: io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, size),
				strings.NewReader("\r\n--"+boundary+"--\r\n"))}
			req := httptest.NewRequest(http.MethodPost, "/api/v1"+tc.path, body)
			req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			rec := httptest.NewRecorder()
			a.router.ServeHTTP(rec, req)
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			var out struct {
				Error struct{ Code, Message string }
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
			if tc.code != "" {
				assert.Equal(t, tc.code, out.Error.Code)
			}
			if tc.message != "" {
				assert.Equal(t, tc.message, out.Error.Message)
			}
			assert.Zero(t, body.read.Load(), "bytes of the 8 MB body read")
		})
	}
}
