package webui_test

import (
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

const (
	siteURL    = "http://member.test"
	cookieName = webui.DefaultSessionCookieName
	goodPass   = "abc123"
)

// fixture is a real application (temporary SQLite, real adapters, captcha test
// mode) behind the web UI's own router.
type fixture struct {
	env *membershiptest.Env
	h   http.Handler
}

func setup(tb testing.TB, opts ...membershiptest.Option) *fixture {
	tb.Helper()
	env := membershiptest.New(tb, opts...)
	log := slog.New(slog.DiscardHandler)
	ui, err := webui.New(env.App, webui.Config{BaseURL: siteURL, CaptchaTestMode: true}, log)
	require.NoError(tb, err)
	return &fixture{env: env, h: ui.NewRouter(httpmw.Chain(httpmw.Options{Logger: log}))}
}

// registerMember registers an account through the core and returns its id.
func (f *fixture) registerMember(tb testing.TB, kind, name, email string) string {
	return f.env.RegisterMember(tb, kind, name, email, goodPass)
}

// approve moves a member through submission to approval with a member number.
func (f *fixture) approve(tb testing.TB, id, number string, more ...func(*member.Member, time.Time) error) {
	tb.Helper()
	now := time.Now()
	err := f.env.Module.Ports().Members.Update(context.Background(), id, func(_ context.Context, m *member.Member) error {
		steps := append([]func(*member.Member, time.Time) error{
			membertest.Submit,
			func(m *member.Member, t time.Time) error { return m.Approve(number, t) },
		}, more...)
		for _, s := range steps {
			if err := s(m, now); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(tb, err)
}

// browser is a client with a cookie jar that talks to the handler in memory.
type browser struct {
	tb  testing.TB
	h   http.Handler
	jar *cookiejar.Jar
	u   *url.URL
	env *membershiptest.Env // whose clock a slider drag lets pass

	// token is the CSRF token last read from a page, for the cookies in
	// tokenFor: it is bound to the session, so it changes at login.
	token, tokenFor string
}

func (f *fixture) browser(tb testing.TB) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(tb, err)
	u, _ := url.Parse(siteURL + "/")
	return &browser{tb: tb, h: f.h, jar: jar, u: u, env: f.env}
}

// response is what a request returned.
type response struct {
	Status  int
	Body    string
	Header  http.Header
	Cookies []*http.Cookie
}

func (r response) location() string { return r.Header.Get("Location") }

func (r response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (b *browser) do(req *http.Request) response {
	b.tb.Helper()
	for _, c := range b.jar.Cookies(b.u) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	res := rec.Result()
	b.jar.SetCookies(b.u, res.Cookies())
	return response{Status: res.StatusCode, Body: rec.Body.String(), Header: res.Header, Cookies: res.Cookies()}
}

func (b *browser) get(path string) response {
	b.tb.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, siteURL+path, nil))
}

// metaCSRF is the CSRF token of a page, where the forms and the slider widget
// take it from.
var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// csrf returns the CSRF token the browser's pages carry, reading it from the
// home page when the browser's cookies changed since it was last read (the
// token is bound to the session: a login changes it).
func (b *browser) csrf() string {
	b.tb.Helper()
	if b.token != "" && b.tokenFor == b.cookieKey() {
		return b.token
	}
	res := b.get("/")
	m := metaCSRF.FindStringSubmatch(res.Body)
	if m == nil {
		b.tb.Fatalf("no csrf token in the home page (%d)", res.Status)
	}
	b.token, b.tokenFor = html.UnescapeString(m[1]), b.cookieKey()
	return b.token
}

// cookieKey is the browser's cookies as one string.
func (b *browser) cookieKey() string {
	var s strings.Builder
	for _, c := range b.jar.Cookies(b.u) {
		s.WriteString(c.Name + "=" + c.Value + ";")
	}
	return s.String()
}

// postForm sends a form with the CSRF token.
func (b *browser) postForm(path string, form url.Values) response {
	b.tb.Helper()
	form = cloneValues(form)
	form.Set("csrf_token", b.csrf())
	return b.postRaw(path, form, nil)
}

// postRaw sends a form as is, with extra headers.
func (b *browser) postRaw(path string, form url.Values, hdr http.Header) response {
	b.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, siteURL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	return b.do(req)
}

// postJSON sends JSON with the CSRF header (unless token is "-").
func (b *browser) postJSON(path string, body any, token string) response {
	b.tb.Helper()
	var s string
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(b.tb, err)
		s = string(raw)
	}
	req := httptest.NewRequest(http.MethodPost, siteURL+path, strings.NewReader(s))
	req.Header.Set("Content-Type", "application/json")
	if token != "-" {
		req.Header.Set("X-CSRF-Token", token)
	}
	return b.do(req)
}

// challenge is the JSON of /captcha/new.
type challenge struct {
	ID         string `json:"id"`
	Background string `json:"background"`
	Piece      string `json:"piece"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	PieceSize  int    `json:"piece_size"`
	TargetX    *int   `json:"target_x"`
}

// newChallenge asks for a slider challenge for a form (purpose), as the form's
// widget does.
func (b *browser) newChallenge(purpose string) challenge {
	b.tb.Helper()
	res := b.postJSON("/captcha/new?purpose="+purpose, nil, b.csrf())
	require.Equal(b.tb, http.StatusOK, res.Status, res.Body)
	var ch challenge
	require.NoError(b.tb, json.Unmarshal([]byte(res.Body), &ch))
	require.NotNil(b.tb, ch.TargetX, "test mode reveals target_x")
	return ch
}

// solveCaptcha passes the slider check of a form (purpose: login, staff_login,
// register, forgot_password) as the widget would and returns the token.
func (b *browser) solveCaptcha(purpose string) string {
	b.tb.Helper()
	ch := b.newChallenge(purpose)
	b.env.AwaitDrag(membershiptest.DragTime)
	res := b.postJSON("/captcha/verify", map[string]any{"id": ch.ID, "x": *ch.TargetX,
		"duration_ms": membershiptest.DragTime.Milliseconds()}, b.csrf())
	require.Equal(b.tb, http.StatusOK, res.Status, res.Body)
	var out struct {
		Token string `json:"token"`
	}
	require.NoError(b.tb, json.Unmarshal([]byte(res.Body), &out))
	require.NotEmpty(b.tb, out.Token)
	return out.Token
}

// login logs a member in through the form.
func (b *browser) login(account, password string, remember bool) response {
	b.tb.Helper()
	form := url.Values{"login": {account}, "password": {password}, "captcha_token": {b.solveCaptcha("login")}}
	if remember {
		form.Set("remember", "1")
	}
	return b.postForm("/login", form)
}

// staffLogin logs a staff account in through the back-office form.
func (b *browser) staffLogin(username, password string) response {
	b.tb.Helper()
	return b.postForm("/admin/login", url.Values{"username": {username}, "password": {password},
		"captcha_token": {b.solveCaptcha("staff_login")}})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// httpRequest builds a plain request to the site.
func httpRequest(method, path string) *http.Request {
	return httptest.NewRequest(method, siteURL+path, nil)
}

// httpsRequest builds a request that arrived over TLS, with an optional form.
func httpsRequest(method, path string, form url.Values) *http.Request {
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, "https://member.test"+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}
