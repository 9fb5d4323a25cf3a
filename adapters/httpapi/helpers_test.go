package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpapi"
	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// Test passwords and addresses.
const (
	goodPassword = "secret123"
	// staffPassword is a staff account's: staff passwords need ten characters.
	staffPassword = "staffsecret123"
	otherAddr     = "198.51.100.7:5000"
	defaultAddr   = "192.0.2.10:4000"
	waitMail      = 10 * time.Second
)

// noRouteStatus marks a request the test router found no route for, so that a
// handler's own 404 or 405 is never mistaken for a missing route.
const noRouteStatus = 599

// testAPI is the API mounted on a bunrouter /api/v1 group with the shared
// middleware, over a real application from membershiptest.
type testAPI struct {
	t      *testing.T
	env    *membershiptest.Env
	doc    *httpapi.APIDoc
	router *bunrouter.Router
	logs   *httpapi.LogBuffer
	// challenges counts the slider challenges captcha asked for.
	challenges int
}

func newTestAPI(t *testing.T, opts ...membershiptest.Option) *testAPI {
	t.Helper()
	env := membershiptest.New(t, opts...)
	logs := &httpapi.LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	noRoute := func(w http.ResponseWriter, _ bunrouter.Request) error {
		w.WriteHeader(noRouteStatus)
		return nil
	}
	r := bunrouter.New(bunrouter.Use(httpmw.Chain(httpmw.Options{Logger: logger})),
		bunrouter.WithNotFoundHandler(noRoute), bunrouter.WithMethodNotAllowedHandler(noRoute))
	r.WithGroup("/api/v1", httpapi.New(env.App, logger).Register)
	return &testAPI{t: t, env: env, doc: httpapi.LoadDoc(t), router: r, logs: logs}
}

// call is one request. Body is marshalled to JSON unless Raw is set.
type call struct {
	Method, Path string
	Body         any
	Raw          *string
	ContentType  string // default application/json when there is a body
	Token        string
	Addr         string
	Header       http.Header // extra request headers (If-Match …)
}

// reply is a recorded response.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// do performs the request and checks the response against the OpenAPI document:
// the status is documented for the operation, the body matches its schema, the
// documented headers are present and Cache-Control is no-store.
func (a *testAPI) do(c call) reply {
	a.t.Helper()
	var body io.Reader
	switch {
	case c.Raw != nil:
		body = strings.NewReader(*c.Raw)
	case c.Body != nil:
		b, err := json.Marshal(c.Body)
		require.NoError(a.t, err)
		body = bytes.NewReader(b)
		if c.ContentType == "" {
			c.ContentType = "application/json"
		}
	}
	req := httptest.NewRequest(c.Method, "/api/v1"+c.Path, body)
	if c.ContentType != "" {
		req.Header.Set("Content-Type", c.ContentType)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	req.RemoteAddr = defaultAddr
	if c.Addr != "" {
		req.RemoteAddr = c.Addr
	}
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	r := reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	require.NotEqual(a.t, noRouteStatus, r.Status, "no route for %s %s", c.Method, c.Path)
	a.checkDocumented(c, r)
	return r
}

func (a *testAPI) checkDocumented(c call, r reply) {
	a.t.Helper()
	body := r.Body
	if len(body) > 300 {
		body = body[:300]
	}
	what := fmt.Sprintf("%s %s → %d %s", c.Method, c.Path, r.Status, body)
	assert.Equal(a.t, "no-store", r.Header.Get("Cache-Control"), what)
	schema, headers, err := a.doc.Response(c.Method, c.Path, r.Status)
	require.NoError(a.t, err, what)
	for name := range headers {
		assert.NotEmpty(a.t, r.Header.Get(name), "documented header %s missing: %s", name, what)
	}
	if schema == nil {
		if types := a.doc.MediaTypes(c.Method, c.Path, r.Status); len(types) > 0 {
			// A file: one of the documented types, with a body.
			assert.Contains(a.t, types, r.Header.Get("Content-Type"), what)
			assert.NotEmpty(a.t, r.Body, what)
			assert.Equal(a.t, "nosniff", r.Header.Get("X-Content-Type-Options"), what)
			return
		}
		assert.Empty(a.t, r.Body, what)
		return
	}
	assert.Equal(a.t, "application/json; charset=utf-8", r.Header.Get("Content-Type"), what)
	var v any
	require.NoError(a.t, json.Unmarshal(r.Body, &v), what)
	assert.Empty(a.t, a.doc.Validate(schema, v, "body"), what)
	if r.Status >= 400 {
		assert.Equal(a.t, r.Header.Get("X-Request-Id"), r.object()["error"].(map[string]any)["request_id"], what)
	}
}

// object decodes a JSON object body.
func (r reply) object() map[string]any {
	var v map[string]any
	_ = json.Unmarshal(r.Body, &v)
	return v
}

// code returns error.code of an error body.
func (r reply) code() string {
	e, _ := r.object()["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// fields returns field → code of an error body.
func (r reply) fields() map[string]string {
	out := map[string]string{}
	e, _ := r.object()["error"].(map[string]any)
	list, _ := e["fields"].([]any)
	for _, f := range list {
		fe := f.(map[string]any)
		out[fe["field"].(string)] = fe["code"].(string)
	}
	return out
}

// str returns a top-level string property.
func (r reply) str(key string) string {
	s, _ := r.object()[key].(string)
	return s
}

// captcha solves a slider challenge for a form (purpose: login, staff_login,
// register, forgot_password) through the API: the test mode reveals the target,
// the drag takes membershiptest.DragTime (and that time passes on the server's
// clock before the answer is sent).
func (a *testAPI) captcha(purpose string) string {
	a.t.Helper()
	// Each challenge comes from an address of its own: the tests ask for more
	// than one address may (TestCaptchaPurposeAndLimit tests the limit).
	addr := fmt.Sprintf("198.18.%d.%d:4000", a.challenges/250, a.challenges%250+1)
	a.challenges++
	ch := a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": purpose}, Addr: addr})
	require.Equal(a.t, http.StatusCreated, ch.Status, string(ch.Body))
	x, ok := ch.object()["target_x"].(float64)
	require.True(a.t, ok, "test mode must reveal target_x")
	a.env.AwaitDrag(membershiptest.DragTime)
	v := a.do(call{Method: http.MethodPost, Path: "/captcha/verify",
		Body: map[string]any{"id": ch.str("id"), "x": int(x), "duration_ms": membershiptest.DragTime.Milliseconds()}})
	require.Equal(a.t, http.StatusOK, v.Status, string(v.Body))
	return v.str("token")
}

// registration is a complete, valid registration body.
func (a *testAPI) registration(kind, email, name string) map[string]any {
	return map[string]any{"kind": kind, "email": email, "name": name, "password": goodPassword,
		"password_confirm": goodPassword, "captcha_token": a.captcha("register")}
}

// register creates an account through the API, verifies its email address as
// its owner would (see verify) and returns its id.
func (a *testAPI) register(kind, email, name string) string {
	a.t.Helper()
	r := a.do(call{Method: http.MethodPost, Path: "/members", Body: a.registration(kind, email, name)})
	require.Equal(a.t, http.StatusAccepted, r.Status, string(r.Body))
	require.Empty(a.t, r.Body, "the answer names no account")
	return a.verify(email)
}

// verify confirms the newest verification link mailed to email through the
// API and returns the id of the member it verified.
func (a *testAPI) verify(email string) string {
	a.t.Helper()
	token := membershiptest.LinkToken(a.t, a.env.VerificationLink(a.t, email))
	r := a.do(call{Method: http.MethodPost, Path: "/email-verifications/confirm", Body: map[string]any{"token": token}})
	require.Equal(a.t, http.StatusNoContent, r.Status, string(r.Body))
	m, err := a.env.Module.Ports().Members.FindByEmail(context.Background(), member.NormalizeEmail(email))
	require.NoError(a.t, err)
	require.True(a.t, m.EmailVerified())
	return m.ID()
}

// login posts the member login form from addr (default address when empty).
func (a *testAPI) login(login, password, addr string) reply {
	a.t.Helper()
	return a.do(call{Method: http.MethodPost, Path: "/sessions", Addr: addr, Body: map[string]any{
		"login": login, "password": password, "remember": false, "captcha_token": a.captcha("login")}})
}

// loginToken logs in and returns the bearer token.
func (a *testAPI) loginToken(login, password string) string {
	a.t.Helper()
	r := a.login(login, password, "")
	require.Equal(a.t, http.StatusCreated, r.Status, string(r.Body))
	return r.str("token")
}

// approve moves a registered member through submission to approval with the
// given member number, directly in the module's member repository.
func (a *testAPI) approve(memberID, number string) {
	a.t.Helper()
	ctx := context.Background()
	now := time.Now()
	require.NoError(a.t, a.env.Module.Ports().Members.Update(ctx, memberID, func(_ context.Context, m *member.Member) error {
		return membertest.Approve(m, number, now)
	}))
}

// doWithAuthorization sends a bodiless request with a raw Authorization header.
func (a *testAPI) doWithAuthorization(method, path, authorization string) reply {
	a.t.Helper()
	req := httptest.NewRequest(method, "/api/v1"+path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	r := reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	a.checkDocumented(call{Method: method, Path: path}, r)
	return r
}
