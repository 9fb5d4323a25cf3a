package webui_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingBody is a multipart body of one large file, generated as it is read,
// that counts the bytes the server read of it.
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

// bigUpload is a POST of a multipart body with size bytes of file in each of
// the upload forms' fields and the CSRF token in the header, and its body.
func bigUpload(path, token string, size int64) (*http.Request, *countingBody) {
	const boundary = "guardboundary"
	var head strings.Builder
	head.WriteString("--" + boundary + "\r\n")
	head.WriteString(`Content-Disposition: form-data; name="scan"; filename="a.png"` + "\r\n")
	head.WriteString("Content-Type: image/png\r\n\r\n")
	body := &countingBody{r: io.MultiReader(strings.NewReader(head.String()), io.LimitReader(zeros{}, size),
		strings.NewReader("\r\n--"+boundary+"--\r\n"))}
	req := httptest.NewRequest(http.MethodPost, siteURL+path, body)
	w := multipart.NewWriter(io.Discard)
	_ = w.SetBoundary(boundary)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set(csrfHeaderName, token)
	return req, body
}

// TestUploadsCheckTheSessionBeforeTheBody: a multi-MB upload without a session,
// or from a principal the page is not for, is answered by the page's guard
// before a byte of the body is read; nothing is stored.
func TestUploadsCheckTheSessionBeforeTheBody(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, member := f.member(t, "enterprise", "上传守卫公司", "upload-guard@example.com")
	reviewer := f.staff(t, "reviewer-guard", "reviewer")
	guest := f.browser(t)
	guest.csrf()
	expired := f.browser(t)
	expired.jar.SetCookies(expired.u, []*http.Cookie{{Name: cookieName, Value: "no-such-session"}})
	expired.csrf()
	before := f.snapshot(t)

	const size = 8 << 20
	tests := []struct {
		name   string
		b      *browser
		path   string
		status int
		where  string // the Location of a redirect, or a text of the page
	}{
		{"guest: scan", guest, "/member/application/scan", http.StatusSeeOther, "/login?next="},
		{"guest: voucher", guest, "/member/fees/voucher", http.StatusSeeOther, "/login?next="},
		{"guest: statement", guest, "/admin/statements", http.StatusSeeOther, "/admin/login?next="},
		{"ended session: scan", expired, "/member/application/scan", http.StatusSeeOther, "/login?next="},
		{"staff: a member's scan", reviewer, "/member/application/scan", http.StatusForbidden, "无权访问此页面"},
		{"reviewer: statement", reviewer, "/admin/statements", http.StatusForbidden, "无权访问"},
		{"member: statement", member, "/admin/statements", http.StatusForbidden, "无权访问"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, body := bigUpload(tc.path, tc.b.csrf(), size)
			res := tc.b.do(req)
			require.Equal(t, tc.status, res.Status, "%.300s", res.Body)
			if tc.status == http.StatusSeeOther {
				assert.Contains(t, res.location(), tc.where)
			} else {
				assert.Contains(t, res.Body, tc.where)
			}
			assert.Zero(t, body.read.Load(), "bytes of the %d MB body read", size>>20)
		})
	}
	assert.Equal(t, before, f.snapshot(t), "nothing stored")
}

// TestUploadGuardStillReadsAllowedUploads: the member's own upload still gets
// its body read and checked (a forged token is refused after reading).
func TestUploadGuardStillReadsAllowedUploads(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, member := f.member(t, "enterprise", "上传读取公司", "upload-read@example.com")
	req, body := bigUpload("/member/application/scan", strings.Repeat("A", 43), 1<<20)
	res := member.do(req)
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Contains(t, res.Body, "请求已失效，请刷新页面后重试")
	assert.Greater(t, body.read.Load(), int64(1<<20), "the member's body is read to find the token")
}
