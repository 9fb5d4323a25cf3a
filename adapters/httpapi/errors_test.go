package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/apperr"
)

// LogBuffer collects the logs of a test; safe for concurrent writers.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends to the buffer.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was logged.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveError runs one request whose handler fails with err, through the shared
// middleware, and returns the response, its decoded body and the logs.
func serveError(t *testing.T, err error) (*httptest.ResponseRecorder, errorBody, *LogBuffer) {
	t.Helper()
	logs := &LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := New(nil, logger)
	r := bunrouter.New(bunrouter.Use(httpmw.Chain(httpmw.Options{Logger: logger})))
	r.GET("/x", a.wrap(func(http.ResponseWriter, bunrouter.Request) error { return err }))
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	var body errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	var v any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v))
	assert.Empty(t, LoadDoc(t).Validate(map[string]any{"$ref": "#/components/schemas/ErrorResponse"}, v, "body"))
	return rec, body, logs
}

func TestWriteErrorMapsKinds(t *testing.T) {
	t.Parallel()
	var v apperr.Validation
	v.Add("email", "email_invalid", "请输入有效的邮箱地址")
	invalid := v.Err()
	tests := []struct {
		name          string
		err           error
		status        int
		code, message string
		header, value string
		fields        []apperr.FieldError
	}{
		{"invalid with fields", fmt.Errorf("wrapped: %w", invalid), 422, "invalid_input", "提交的信息有误，请检查后重试",
			"", "", []apperr.FieldError{{Field: "email", Code: "email_invalid", Message: "请输入有效的邮箱地址"}}},
		{"not found", apperr.NotFound("not_found", "记录不存在"), 404, "not_found", "记录不存在", "", "", nil},
		{"forbidden", apperr.Forbidden("forbidden", "无权"), 403, "forbidden", "无权", "", "", nil},
		{"no token", apperr.Unauthorized("login_required", "请先登录"), 401, "login_required", "请先登录",
			"WWW-Authenticate", `Bearer realm="membership"`, nil},
		{"dead token", apperr.Unauthorized("session_expired", "登录已过期，请重新登录"), 401, "session_expired",
			"登录已过期，请重新登录", "WWW-Authenticate", `Bearer realm="membership", error="invalid_token"`, nil},
		{"conflict", apperr.FieldConflict("name", "name_taken", "该用户名已被注册"), 409, "name_taken", "该用户名已被注册",
			"", "", []apperr.FieldError{{Field: "name", Code: "name_taken", Message: "该用户名已被注册"}}},
		{"throttled rounds up", apperr.Throttled("login_throttled", "请稍后再试", 90*time.Second+time.Millisecond), 429,
			"login_throttled", "请稍后再试", "Retry-After", "91", nil},
		{"throttled at least a second", apperr.Throttled("login_throttled", "请稍后再试", time.Millisecond), 429,
			"login_throttled", "请稍后再试", "Retry-After", "1", nil},
		{"bad request", badRequest("请求体不是有效的 JSON", errors.New("x")), 400, "bad_request", "请求体不是有效的 JSON", "", "", nil},
		{"plain error is internal", errors.New("disk on fire"), 500, "internal", "系统繁忙，请稍后再试", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, body, _ := serveError(t, tc.err)
			assert.Equal(t, tc.status, rec.Code)
			assert.Equal(t, tc.code, body.Error.Code)
			assert.Equal(t, tc.message, body.Error.Message)
			assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			if tc.header != "" {
				assert.Equal(t, tc.value, rec.Header().Get(tc.header))
			}
			if tc.fields == nil {
				tc.fields = []apperr.FieldError{}
			}
			assert.Equal(t, tc.fields, body.Error.Fields)
			assert.Contains(t, rec.Body.String(), `"fields":[`, "fields is a list, never null")
		})
	}
}

func TestInternalErrorIsLoggedWithRequestID(t *testing.T) {
	t.Parallel()
	rec, body, logs := serveError(t, apperr.Internal(errors.New("database exploded: secret detail")))
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	id := rec.Header().Get("X-Request-Id")
	require.NotEmpty(t, id)
	assert.Equal(t, id, body.Error.RequestID)
	assert.NotContains(t, rec.Body.String(), "secret detail", "the cause is never shown")
	assert.Contains(t, logs.String(), "database exploded: secret detail")
	assert.Contains(t, logs.String(), `"request_id":"`+id+`"`)
}

func TestNotFoundHandler(t *testing.T) {
	t.Parallel()
	a := New(nil, nil)
	r := bunrouter.New(bunrouter.WithNotFoundHandler(a.NotFound))
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/nothing", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), `"code":"route_not_found"`)
}
