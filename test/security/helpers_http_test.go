package security_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// site is the base URL membershiptest gives the module.
const site = "http://member.test"

// client is a browser or API client of a module's whole HTTP surface
// (Module.Handler: middleware, web app and API), in memory. It keeps every
// cookie it is given, Secure ones too, and sends them all.
type client struct {
	t       *testing.T
	h       http.Handler
	remote  string            // RemoteAddr of its requests; "" keeps httptest's
	https   bool              // its requests arrive over TLS
	cookies map[string]string // name → value
}

func newClient(t *testing.T, env *membershiptest.Env) *client {
	return &client{t: t, h: env.Handler(), cookies: map[string]string{}}
}

// request builds a request of the client to path with body (may be nil); over
// HTTPS httptest marks it as arrived over TLS.
func (c *client) request(method, path string, body io.Reader) *http.Request {
	base := site
	if c.https {
		base = "https://member.test"
	}
	req := httptest.NewRequest(method, base+path, body)
	if c.remote != "" {
		req.RemoteAddr = c.remote
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	return req
}

// reply is what a request answered.
type reply struct {
	Status  int
	Header  http.Header
	Cookies []*http.Cookie
	Body    string
}

// do serves req and keeps the cookies the answer sets.
func (c *client) do(req *http.Request) reply {
	c.t.Helper()
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	out := reply{Status: rec.Code, Header: rec.Header(), Cookies: (&http.Response{Header: rec.Header()}).Cookies(),
		Body: rec.Body.String()}
	for _, k := range out.Cookies {
		if k.MaxAge < 0 {
			delete(c.cookies, k.Name)
		} else {
			c.cookies[k.Name] = k.Value
		}
	}
	return out
}

// get fetches a page.
func (c *client) get(path string) reply {
	c.t.Helper()
	return c.do(c.request(http.MethodGet, path, nil))
}

// metaCSRF is where a page carries its CSRF token.
var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// csrf returns the CSRF token of the home page.
func (c *client) csrf() string {
	c.t.Helper()
	m := metaCSRF.FindStringSubmatch(c.get("/").Body)
	require.NotNil(c.t, m, "the home page carries a CSRF token")
	return string(m[1])
}

// postForm posts a urlencoded form as it is.
func (c *client) postForm(path string, form url.Values) reply {
	c.t.Helper()
	req := c.request(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// webLogin logs a member in through the login form (the slider passed through
// the core) and returns the answer.
func (c *client) webLogin(env *membershiptest.Env, login, password string) reply {
	c.t.Helper()
	return c.postForm("/login", url.Values{"login": {login}, "password": {password},
		"captcha_token": {env.PassCaptcha(c.t, captcha.PurposeLogin)}, "csrf_token": {c.csrf()}})
}

// postJSON posts JSON to the API with an optional bearer token.
func (c *client) postJSON(path, token string, body any) reply {
	c.t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return c.postJSONWith(path, body, h)
}

// postJSONWith posts JSON to the API with extra headers.
func (c *client) postJSONWith(path string, body any, h http.Header) reply {
	c.t.Helper()
	b, err := json.Marshal(body)
	require.NoError(c.t, err)
	req := c.request(http.MethodPost, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range h {
		req.Header[k] = vs
	}
	return c.do(req)
}

// apiToken logs a member in through the API and returns the bearer token.
func apiToken(t *testing.T, env *membershiptest.Env, login, password string) string {
	t.Helper()
	res := newClient(t, env).postJSON("/api/v1/sessions", "", map[string]any{"login": login, "password": password,
		"captcha_token": env.PassCaptcha(t, captcha.PurposeLogin)})
	require.Equal(t, http.StatusCreated, res.Status)
	var out struct {
		Token string `json:"token"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Body), &out))
	return out.Token
}

// countingBody is a multipart body of one large file, made as it is read, that
// counts the bytes the server read of it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// uploadBoundary is the multipart boundary of bigUpload.
const uploadBoundary = "securityboundary"

// bigUpload is a multipart body with size bytes of file in field.
func bigUpload(field string, size int64) *countingBody {
	head := "--" + uploadBoundary + "\r\nContent-Disposition: form-data; name=\"" + field +
		"\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
	return &countingBody{r: io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, size),
		strings.NewReader("\r\n--"+uploadBoundary+"--\r\n"))}
}
