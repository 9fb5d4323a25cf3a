package httpkit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind apperr.Kind
		want int
	}{
		{apperr.KindInvalid, http.StatusUnprocessableEntity},
		{apperr.KindNotFound, http.StatusNotFound},
		{apperr.KindForbidden, http.StatusForbidden},
		{apperr.KindUnauthorized, http.StatusUnauthorized},
		{apperr.KindConflict, http.StatusConflict},
		{apperr.KindThrottled, http.StatusTooManyRequests},
		{apperr.KindInternal, http.StatusInternalServerError},
		{apperr.Kind(-1), http.StatusInternalServerError},
		{apperr.Kind(99), http.StatusInternalServerError},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, httpkit.Status(tc.kind), "kind %d", tc.kind)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		wait   time.Duration
		value  string // RetryAfter
		header string // what SetRetryAfter sets ("" for none)
	}{
		{-time.Minute, "1", ""},
		{0, "1", ""},
		{time.Nanosecond, "1", "1"},
		{999 * time.Millisecond, "1", "1"},
		{time.Second, "1", "1"},
		{time.Second + time.Nanosecond, "2", "2"},
		{90 * time.Second, "90", "90"},
		{15*time.Minute - time.Millisecond, "900", "900"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.value, httpkit.RetryAfter(tc.wait), "RetryAfter(%s)", tc.wait)
		w := httptest.NewRecorder()
		httpkit.SetRetryAfter(w, tc.wait)
		assert.Equal(t, tc.header, w.Header().Get("Retry-After"), "SetRetryAfter(%s)", tc.wait)
		_, set := w.Header()["Retry-After"]
		assert.Equal(t, tc.header != "", set, "SetRetryAfter(%s) sets the header", tc.wait)
	}
}

func TestContentDisposition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, kind, file, fallback, want string
	}{
		{"ASCII name", "inline", "scan.png", "scan.png", `inline; filename="scan.png"; filename*=UTF-8''scan.png`},
		{"Chinese name", "attachment", "入会申请表.pdf", "application.pdf",
			`attachment; filename="application.pdf"; filename*=UTF-8''%E5%85%A5%E4%BC%9A%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf`},
		{"space, quote and semicolon are encoded", "inline", `a b"c;d.jpg`, "voucher.jpg",
			`inline; filename="voucher.jpg"; filename*=UTF-8''a%20b%22c%3Bd.jpg`},
		{"attr-chars stay", "inline", "!#$&+-.^_`|~", "x", "inline; filename=\"x\"; filename*=UTF-8''!#$&+-.^_`|~"},
		{"percent, slash and apostrophe are encoded", "inline", "50%/x'y", "x", `inline; filename="x"; filename*=UTF-8''50%25%2Fx%27y`},
		{"empty name", "attachment", "", "application.pdf", `attachment; filename="application.pdf"; filename*=UTF-8''`},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, httpkit.ContentDisposition(tc.kind, tc.file, tc.fallback), tc.name)
	}
}
