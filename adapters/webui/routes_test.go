package webui_test

import (
	"bytes"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/membershiptest"
)

// routeRecorder is a webui.Routes that only notes the routes registered on it.
type routeRecorder struct {
	get, post []string
}

func (r *routeRecorder) GET(path string, _ bunrouter.HandlerFunc)  { r.get = append(r.get, path) }
func (r *routeRecorder) POST(path string, _ bunrouter.HandlerFunc) { r.post = append(r.post, path) }

// withoutCSRF are the POST routes that take no CSRF token, on purpose: the
// gateway's signed notification (no browser, no session) and the embedded
// sandbox's cashier (the simulated gateway's own page, changing nothing of ours
// but through that notification).
var withoutCSRF = []string{webui.PaymentNotifyPath, webui.PaymentSandboxPath}

var routeParam = regexp.MustCompile(`:[a-z_]+|\*[a-z_]+`)

// TestEveryPostRouteRefusesForgedRequests walks every state-changing route the
// UI registers (read from Register, so a new form cannot be forgotten) and
// sends each, from a browser that is logged in where the route needs it, a
// request without the CSRF token (form and multipart) and requests with the
// token but from another site (Origin, Sec-Fetch-Site). Every one is refused
// with 403 by the CSRF guard, and nothing is stored: the tables and the files
// are as before, the sessions still work.
func TestEveryPostRouteRefusesForgedRequests(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithAlipaySandbox()) // every route, the sandbox's too
	log := slog.New(slog.DiscardHandler)
	ui, err := webui.New(env.App, webui.Config{BaseURL: siteURL, CaptchaTestMode: true,
		PaymentSandbox: env.Module.SandboxHandler()}, log)
	require.NoError(t, err)
	var routes routeRecorder
	ui.Register(&routes)
	f := &appFixture{fixture: &fixture{env: env, h: ui.NewRouter(httpmw.Chain(httpmw.Options{Logger: log}))}}

	for _, p := range withoutCSRF {
		require.Contains(t, routes.post, p, "the exempt route %s exists", p)
	}
	var guarded []string
	for _, p := range routes.post {
		if !slices.Contains(withoutCSRF, p) {
			guarded = append(guarded, p)
		}
	}
	require.GreaterOrEqual(t, len(guarded), 25, "every form of the site: %v", guarded)

	memberID, mb := f.member(t, "enterprise", "防伪路由公司", "routes@example.com")
	admin := f.staff(t, "admin-routes", "admin")
	guest := f.browser(t)
	guest.csrf()
	before := f.snapshot(t)

	for _, route := range guarded {
		path := routeParam.ReplaceAllString(route, memberID)
		b := guest
		switch {
		case strings.HasPrefix(path, "/member"):
			b = mb
		case strings.HasPrefix(path, "/admin") && path != "/admin/login":
			b = admin
		}
		form := url.Values{"login": {"防伪路由公司"}, "password": {goodPass}, "email": {"routes@example.com"},
			"member_id": {memberID}, "doc_no": {"文号"}, "reason": {"原因"}, "amount": {"5000"}}
		forged := map[string]*http.Request{
			"no token":                 formRequest(path, form, ""),
			"no token, multipart":      multipartRequest(t, path, ""),
			"cross-site Origin":        formRequest(path, form, b.csrf()),
			"cross-site Origin header": withHeader(formRequest(path, nil, ""), csrfHeaderName, b.csrf()),
			"cross-site fetch":         formRequest(path, form, b.csrf()),
			"cross-site multipart":     multipartRequest(t, path, b.csrf()),
		}
		for name, req := range forged {
			if strings.HasPrefix(name, "cross-site") {
				req.Header.Set("Origin", "https://evil.example")
			}
			if name == "cross-site fetch" {
				req.Header.Del("Origin")
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			}
			res := b.do(req)
			assert.Equal(t, http.StatusForbidden, res.Status, "%s %s", name, route)
			assert.True(t, strings.Contains(res.Body, "请求已失效，请刷新页面后重试"),
				"%s %s is refused by the CSRF guard: %.200s", name, route, res.Body)
		}
	}

	assert.Equal(t, before, f.snapshot(t), "no forged request stored anything")
	assert.Equal(t, http.StatusOK, mb.get("/member").Status, "the member is still logged in")
	assert.Equal(t, http.StatusOK, admin.get("/admin").Status, "the admin is still logged in")
}

// csrfHeaderName is the header the slider widget sends the token in.
const csrfHeaderName = "X-CSRF-Token"

// formRequest is a urlencoded POST with the token field when token is not "".
func formRequest(path string, form url.Values, token string) *http.Request {
	v := cloneValues(form)
	if token != "" {
		v.Set("csrf_token", token)
	}
	req := httptest.NewRequest(http.MethodPost, siteURL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// multipartRequest is a multipart POST with a small valid picture in the fields
// the upload forms read, and the token field when token is not "".
func multipartRequest(t *testing.T, path, token string) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if token != "" {
		require.NoError(t, mw.WriteField("csrf_token", token))
	}
	for _, field := range []string{"scan", "voucher", "statement"} {
		w, err := mw.CreateFormFile(field, "a.png")
		require.NoError(t, err)
		_, err = w.Write(scan(t))
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, siteURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func withHeader(req *http.Request, key, value string) *http.Request {
	req.Header.Set(key, value)
	return req
}
