package security_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// Helpers of the upload findings (1, 6, 12, 16): files posted to the real JSON
// API of a module from membershiptest, with a bearer token from a real login.

// uploadsPassword is the password membershiptest gives its accounts.
const uploadsPassword = "abc123"

// uploadsMemberToken logs a member in (by name) and returns the bearer token.
func uploadsMemberToken(t *testing.T, env *membershiptest.Env, name string) string {
	t.Helper()
	res, err := env.App.Commands.Login.Handle(context.Background(), command.Login{Login: name,
		Password: uploadsPassword, CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	require.NoError(t, err)
	return res.Token
}

// uploadsStaffToken logs the staff account of a role (membershiptest's Staff)
// in and returns the bearer token.
func uploadsStaffToken(t *testing.T, env *membershiptest.Env, role access.Role) string {
	t.Helper()
	env.Staff(t, role)
	res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{
		Username: string(role) + "-auto", Password: membershiptest.StaffPassword, CaptchaToken: env.PassCaptcha(t, captcha.PurposeStaffLogin)})
	require.NoError(t, err)
	return res.Token
}

// uploadsReply is an API response.
type uploadsReply struct {
	Status int
	Body   []byte
	Took   time.Duration
	Alloc  uint64 // bytes allocated by the whole process while it was handled
	Heap   int64  // growth of the heap obtained from the system meanwhile
}

// uploadsPost posts one file in a multipart field to the API (path under
// /api/v1), measuring the time and the memory the request took.
func uploadsPost(t *testing.T, env *membershiptest.Env, path, token, field, name string, data []byte) uploadsReply {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, err := mw.CreateFormFile(field, name)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "/api/v1"+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	env.Handler().ServeHTTP(rec, req)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return uploadsReply{Status: rec.Code, Body: rec.Body.Bytes(), Took: took,
		Alloc: after.TotalAlloc - before.TotalAlloc, Heap: int64(after.HeapSys) - int64(before.HeapSys)}
}

// fieldError returns the first field error of an error response.
func (r uploadsReply) fieldError(t *testing.T) apperr.FieldError {
	t.Helper()
	var e struct {
		Error struct {
			Fields []apperr.FieldError `json:"fields"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &e), string(r.Body))
	require.NotEmpty(t, e.Error.Fields, string(r.Body))
	return e.Error.Fields[0]
}

// object decodes a JSON object response.
func (r uploadsReply) object(t *testing.T) map[string]any {
	t.Helper()
	var o map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &o), string(r.Body))
	return o
}

// uploadsStatements returns how many statements are stored.
func uploadsStatements(t *testing.T, env *membershiptest.Env) int {
	t.Helper()
	_, total, err := env.Module.Ports().Statements.List(context.Background(), 1, 0)
	require.NoError(t, err)
	return total
}
