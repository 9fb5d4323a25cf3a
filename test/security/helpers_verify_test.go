package security_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// Helpers of the account findings (9 for registration, 13): the real JSON API
// and web pages of a module from membershiptest, driven as a client and a
// browser would, and its mailbox read as a person would. They use nothing but
// HTTP and the mailbox, so that the tests run against the code before the fix.

// verifyPassword is the password of the accounts these tests register.
const verifyPassword = "secret123"

// verifyMailWait bounds a wait for a mail the module sends in the background.
const verifyMailWait = 15 * time.Second

// verifyReply is an HTTP response and how long it took.
type verifyReply struct {
	Status int
	Header http.Header
	Body   []byte
	Took   time.Duration
}

// verifyAPI sends a JSON request to the API (path under /api/v1), with a
// bearer token when token is not empty.
func verifyAPI(t *testing.T, env *membershiptest.Env, method, path, token string, body any) verifyReply {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, "/api/v1"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	start := time.Now()
	env.Handler().ServeHTTP(rec, req)
	return verifyReply{Status: rec.Code, Header: rec.Result().Header, Body: rec.Body.Bytes(), Took: time.Since(start)}
}

// code returns the error code of an API error response ("" for another).
func (r verifyReply) code() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// verifyRegistration is a complete registration body with a fresh slider pass.
func verifyRegistration(t *testing.T, env *membershiptest.Env, kind, email, name string) map[string]any {
	t.Helper()
	return map[string]any{"kind": kind, "email": email, "name": name, "password": verifyPassword,
		"password_confirm": verifyPassword, "captcha_token": env.PassCaptcha(t, captcha.PurposeRegister)}
}

// verifyRegister registers through POST /members.
func verifyRegister(t *testing.T, env *membershiptest.Env, kind, email, name string) verifyReply {
	t.Helper()
	return verifyAPI(t, env, http.MethodPost, "/members", "", verifyRegistration(t, env, kind, email, name))
}

// verifyLogin logs a member in through the API and returns the bearer token.
func verifyLogin(t *testing.T, env *membershiptest.Env, name string) string {
	t.Helper()
	r := verifyAPI(t, env, http.MethodPost, "/sessions", "", map[string]any{"login": name,
		"password": verifyPassword, "remember": false, "captcha_token": env.PassCaptcha(t, captcha.PurposeLogin)})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	var s struct {
		Token string `json:"token"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &s))
	return s.Token
}

// verifyMe returns GET /me of a member.
func verifyMe(t *testing.T, env *membershiptest.Env, token string) map[string]any {
	t.Helper()
	r := verifyAPI(t, env, http.MethodGet, "/me", token, nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var me map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &me))
	return me
}

// verifyLinkPattern finds an email verification link in a mail.
var verifyLinkPattern = regexp.MustCompile(`https?://\S+/email/verify\?token=\S+`)

// verifyLinks waits until n mails with a verification link have reached email
// and returns their links, oldest first.
func verifyLinks(t *testing.T, env *membershiptest.Env, email string, n int) []string {
	t.Helper()
	var links []string
	ok := env.WaitUntil(verifyMailWait, func() bool {
		ms, err := env.Mailbox.To(email)
		require.NoError(t, err)
		links = links[:0]
		for _, m := range ms {
			if l := verifyLinkPattern.FindString(m.Text); l != "" {
				links = append(links, l)
			}
		}
		return len(links) >= n
	})
	require.True(t, ok, "%d mails with a verification link to %s within %s (have %d)", n, email, verifyMailWait,
		len(links))
	return links
}

// verifyBrowser is a browser on the web UI: a cookie jar and the page's CSRF
// token.
type verifyBrowser struct {
	t    *testing.T
	env  *membershiptest.Env
	jar  *cookiejar.Jar
	csrf string
}

// verifySite is the address the module serves (its BaseURL in membershiptest).
const verifySite = "http://member.test"

func newVerifyBrowser(t *testing.T, env *membershiptest.Env) *verifyBrowser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &verifyBrowser{t: t, env: env, jar: jar}
}

var verifyMetaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func (b *verifyBrowser) do(req *http.Request) verifyReply {
	b.t.Helper()
	site := verifyURL(b.t, verifySite)
	for _, c := range b.jar.Cookies(site) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	start := time.Now()
	b.env.Handler().ServeHTTP(rec, req)
	took := time.Since(start)
	res := rec.Result()
	b.jar.SetCookies(site, res.Cookies())
	if m := verifyMetaCSRF.FindSubmatch(rec.Body.Bytes()); m != nil {
		b.csrf = html.UnescapeString(string(m[1]))
	}
	return verifyReply{Status: rec.Code, Header: res.Header, Body: rec.Body.Bytes(), Took: took}
}

// get opens a page (a path, or an absolute link on the site).
func (b *verifyBrowser) get(path string) verifyReply {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, b.url(path), nil))
}

// post sends a form as the page's form would, with the CSRF token.
func (b *verifyBrowser) post(path string, form url.Values) verifyReply {
	b.t.Helper()
	if b.csrf == "" {
		b.get("/login")
	}
	form.Set("csrf_token", b.csrf)
	req := httptest.NewRequest(http.MethodPost, b.url(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login logs a member in through the login form.
func (b *verifyBrowser) login(name string) {
	b.t.Helper()
	r := b.post("/login", url.Values{"login": {name}, "password": {verifyPassword},
		"captcha_token": {b.env.PassCaptcha(b.t, captcha.PurposeLogin)}})
	require.Equal(b.t, http.StatusSeeOther, r.Status, string(r.Body))
	b.get("/member") // the page's CSRF token (a login may rotate it)
}

// url is the absolute address of a path (or of a link on the site).
func (b *verifyBrowser) url(path string) string {
	b.t.Helper()
	return verifyURL(b.t, verifySite).ResolveReference(verifyURL(b.t, path)).String()
}

func verifyURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
