package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// account is the member the run registers.
type account struct {
	Name, Email, Password string
}

// session is a browser-like client of memberd: a cookie jar (the CSRF cookie, then
// the session cookie) and the page's CSRF token.
type session struct {
	base   string
	client *http.Client
	csrf   string
}

var (
	metaCSRF  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
	fieldCSRF = regexp.MustCompile(`<input type="hidden" name="csrf_token" value="([^"]+)">`)
)

// signUpAndLogIn registers an enterprise member and logs it in through the same
// requests a browser sends.
func signUpAndLogIn(ctx context.Context, base string, a account) (*session, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	s := &session{base: base, client: &http.Client{
		Jar:     jar,
		Timeout: 60 * time.Second, // the production password hash is slow on a busy machine
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // the test checks each redirect itself
		},
	}}

	// GET /login: the CSRF cookie, and the token in the meta tag and the form.
	status, body, _, err := s.do(ctx, http.MethodGet, "/login", nil, nil)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET /login: %d", status)
	}
	meta, field := metaCSRF.FindStringSubmatch(body), fieldCSRF.FindStringSubmatch(body)
	if meta == nil || field == nil || meta[1] != field[1] {
		return nil, fmt.Errorf("GET /login: no matching csrf-token meta tag and csrf_token field")
	}
	s.csrf = html.UnescapeString(meta[1])

	// POST /register.
	token, err := s.passSlider(ctx, "register")
	if err != nil {
		return nil, err
	}
	status, body, _, err = s.postForm(ctx, "/register", url.Values{
		"kind": {"enterprise"}, "email": {a.Email}, "name": {a.Name},
		"password": {a.Password}, "password_confirm": {a.Password}, "captcha_token": {token},
	})
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK || !strings.Contains(body, "注册成功") {
		return nil, fmt.Errorf("POST /register: %d, no 注册成功 in the page", status)
	}

	// POST /login: 303 to /member with the session cookie.
	if token, err = s.passSlider(ctx, "login"); err != nil {
		return nil, err
	}
	status, _, hdr, err := s.postForm(ctx, "/login", url.Values{
		"login": {a.Name}, "password": {a.Password}, "captcha_token": {token},
	})
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther || hdr.Get("Location") != "/member" {
		return nil, fmt.Errorf("POST /login: %d to %q, want 303 to /member", status, hdr.Get("Location"))
	}
	// The CSRF token is bound to the session: the member's pages carry a new one.
	status, body, _, err = s.do(ctx, http.MethodGet, "/member", nil, nil)
	if err != nil {
		return nil, err
	}
	if meta = metaCSRF.FindStringSubmatch(body); status != http.StatusOK || meta == nil {
		return nil, fmt.Errorf("GET /member: %d, no csrf-token meta tag", status)
	}
	s.csrf = html.UnescapeString(meta[1])
	return s, nil
}

// challenge is the answer of POST /captcha/new; target_x is there in test mode
// only.
type challenge struct {
	ID      string `json:"id"`
	TargetX *int   `json:"target_x"`
}

// sliderDrag is the drag a solved slider claims, and waits for before answering:
// the shortest the server accepts (captcha.MinDrag).
const sliderDrag = 300 * time.Millisecond

// passSlider answers a slider challenge for a form (purpose: register, login) as
// the form's widget does and returns the pass token for it.
func (s *session) passSlider(ctx context.Context, purpose string) (string, error) {
	hdr := http.Header{"X-CSRF-Token": {s.csrf}, "Accept": {"application/json"}}
	status, body, _, err := s.do(ctx, http.MethodPost, "/captcha/new?purpose="+purpose, nil, hdr)
	if err != nil {
		return "", err
	}
	var ch challenge
	if status != http.StatusOK || json.Unmarshal([]byte(body), &ch) != nil || ch.ID == "" {
		return "", fmt.Errorf("POST /captcha/new: %d %.200s", status, body)
	}
	if ch.TargetX == nil {
		return "", fmt.Errorf("POST /captcha/new: no target_x: memberd must run with -captcha-test-mode")
	}
	// The server checks that the claimed drag took place on its clock too.
	select {
	case <-time.After(sliderDrag):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	answer, _ := json.Marshal(map[string]any{"id": ch.ID, "x": *ch.TargetX, "duration_ms": sliderDrag.Milliseconds()})
	hdr.Set("Content-Type", "application/json")
	status, body, _, err = s.do(ctx, http.MethodPost, "/captcha/verify", answer, hdr)
	if err != nil {
		return "", err
	}
	var pass struct {
		Token string `json:"token"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &pass) != nil || pass.Token == "" {
		return "", fmt.Errorf("POST /captcha/verify: %d %.200s", status, body)
	}
	return pass.Token, nil
}

// postForm posts a form with the CSRF token field, as the pages' forms do.
func (s *session) postForm(ctx context.Context, path string, v url.Values) (int, string, http.Header, error) {
	v.Set("csrf_token", s.csrf)
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	return s.do(ctx, http.MethodPost, path, []byte(v.Encode()), hdr)
}

// do sends one request with the jar's cookies and returns the status, body and
// headers.
func (s *session) do(ctx context.Context, method, path string, body []byte, hdr http.Header) (int, string, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, "", nil, err
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, "", nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return 0, "", nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return res.StatusCode, string(b), res.Header, nil
}

// checkMemberHome checks that GET /member answers 200 with the member's name.
func (s *session) checkMemberHome(ctx context.Context, name string) error {
	status, body, hdr, err := s.do(ctx, http.MethodGet, "/member", nil, nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET /member: %d (Location %q), want 200", status, hdr.Get("Location"))
	}
	if !strings.Contains(body, html.EscapeString(name)) {
		return fmt.Errorf("GET /member: the page does not show %q", name)
	}
	return nil
}

// cookieHeader is the Cookie header the jar sends to the site, restricted to the
// named cookies (all when none are named).
func (s *session) cookieHeader(names ...string) http.Header {
	u, _ := url.Parse(s.base + "/")
	var parts []string
	for _, c := range s.client.Jar.Cookies(u) {
		if len(names) == 0 || slices.Contains(names, c.Name) {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return http.Header{"Cookie": {strings.Join(parts, "; ")}}
}

// memberHeader is what a logged-in browser sends: all the site's cookies.
func (s *session) memberHeader() http.Header { return s.cookieHeader() }

// visitorHeader is what a visitor who has seen a page sends: the CSRF cookie only.
func (s *session) visitorHeader() http.Header { return s.cookieHeader("csrf") }
