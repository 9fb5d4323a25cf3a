package security_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// The helpers of the payment findings (2, 10): a module from membershiptest
// reached through its real HTTP handler — the JSON API with bearer tokens, the
// web UI's pages with the session cookie, the gateway's notify endpoint.

// payMemberPassword is the password membershiptest gives the members it makes.
const payMemberPassword = "abc123"

// payReply is one HTTP answer.
type payReply struct {
	Status int
	Body   []byte
}

// object decodes a JSON object answer.
func (r payReply) object(t *testing.T) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &out), string(r.Body))
	return out
}

// code returns the error code of a JSON error answer.
func (r payReply) code(t *testing.T) string {
	t.Helper()
	e, _ := r.object(t)["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// payServe sends req to the module's handler from a loopback address.
func payServe(env *membershiptest.Env, req *http.Request) payReply {
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	env.Handler().ServeHTTP(rec, req)
	return payReply{Status: rec.Code, Body: rec.Body.Bytes()}
}

// payAPI sends a JSON request to /api/v1 with a bearer token ("" for none).
func payAPI(t *testing.T, env *membershiptest.Env, method, path, token string, body any) payReply {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, "/api/v1"+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return payServe(env, req)
}

// payPage GETs a web page with the session cookie of token.
func payPage(env *membershiptest.Env, path, token string) payReply {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(&http.Cookie{Name: webui.DefaultSessionCookieName, Value: token})
	return payServe(env, req)
}

// payNotify posts a gateway notification to the notify endpoint as the gateway
// does (a form, no cookie, no CSRF token) and returns the answer's body.
func payNotify(env *membershiptest.Env, form url.Values) string {
	req := httptest.NewRequest(http.MethodPost, webui.PaymentNotifyPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return string(payServe(env, req).Body)
}

// payLogin logs a member in by its registered name through the real use case
// and returns the session token the API and the web UI accept.
func payLogin(t *testing.T, env *membershiptest.Env, login string) string {
	t.Helper()
	res, err := env.App.Commands.Login.Handle(context.Background(), command.Login{Login: login,
		Password: payMemberPassword, CaptchaToken: env.PassCaptcha(t, captcha.PurposeLogin)})
	require.NoError(t, err)
	return res.Token
}

// payStaffLogin logs a staff account of role in (creating it) and returns its
// session token.
func payStaffLogin(t *testing.T, env *membershiptest.Env, username, role string) string {
	t.Helper()
	const password = "Staff2024pw"
	env.CreateStaff(t, username, role, password)
	res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{Username: username,
		Password: password, CaptchaToken: env.PassCaptcha(t, captcha.PurposeStaffLogin)})
	require.NoError(t, err)
	return res.Token
}

// payUpload posts one file in a multipart field to /api/v1 with a bearer token.
func payUpload(t *testing.T, env *membershiptest.Env, path, token, field, name string, content []byte) payReply {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile(field, name)
	require.NoError(t, err)
	_, err = w.Write(content)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "/api/v1"+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return payServe(env, req)
}

// payMember loads a member as stored.
func payMember(t *testing.T, env *membershiptest.Env, id string) *member.Member {
	t.Helper()
	m, err := env.Module.Ports().Members.Get(context.Background(), id)
	require.NoError(t, err)
	return m
}

// payStatus returns a member's lifecycle status as stored.
func payStatus(t *testing.T, env *membershiptest.Env, id string) member.Status {
	t.Helper()
	return payMember(t, env, id).Status()
}
