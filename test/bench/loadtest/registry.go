package main

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/test/bench/benchseed"
)

// The admin account the registry run creates with memberctl and logs in
// through /admin/login.
const (
	registryStaff    = "bench-admin"
	registryPassword = "Bench2024admin"
)

var (
	listTotal = regexp.MustCompile(`共 (\d+) 位会员`)
	// memberLink is a member's link in the list (not 新建会员's /admin/members/new).
	memberLink  = regexp.MustCompile(`<td><a href="/admin/members/([0-9A-Za-z_-]+)"`)
	detailTitle = regexp.MustCompile(`<h1 id="page-title" class="card__title">[^<]+</h1>`)
	apiTotal    = regexp.MustCompile(`"total":\s*\d+`)
)

// seedRegistryData writes n members straight into memberd's future SQLite file
// under data (benchseed: no argon2, no events) and creates the admin account
// with memberctl (one password hash), before memberd starts.
func seedRegistryData(ctx context.Context, work string, n int) error {
	data := filepath.Join(work, "data")
	if err := os.MkdirAll(data, 0o750); err != nil {
		return err
	}
	start := time.Now()
	took, err := benchseed.Registry(ctx, filepath.Join(data, "membership.db"), n,
		time.Now().UTC().Truncate(24*time.Hour), "", "")
	if err != nil {
		return err
	}
	fmt.Printf("loadtest: seeded %d members in %s (insert %s)\n", n, time.Since(start).Round(time.Millisecond),
		took.Round(time.Millisecond))

	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	ctl := filepath.Join(work, "memberctl")
	build := exec.CommandContext(ctx, "go", "build", "-o", ctl, "./apps/memberctl")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./apps/memberctl: %w\n%s", err, out)
	}
	// #nosec G204 -- the binary this run just built, with fixed arguments
	create := exec.CommandContext(ctx, ctl, "-data", data, "create-staff", "-username", registryStaff,
		"-role", "admin", "-name", "基准管理员", "-password", registryPassword)
	if out, err := create.CombinedOutput(); err != nil {
		return fmt.Errorf("memberctl create-staff: %w\n%s", err, out)
	}
	fmt.Printf("loadtest: memberctl created the admin %q\n", registryStaff)
	return nil
}

// staffLogIn logs the admin in through the real /admin/login form (CSRF cookie
// and token, the slider check in test mode) and returns the session.
func staffLogIn(ctx context.Context, base string) (*session, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	s := &session{base: base, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	status, body, _, err := s.do(ctx, http.MethodGet, "/admin/login", nil, nil)
	if err != nil {
		return nil, err
	}
	field := fieldCSRF.FindStringSubmatch(body)
	if status != http.StatusOK || field == nil {
		return nil, fmt.Errorf("GET /admin/login: %d, no csrf_token field", status)
	}
	s.csrf = html.UnescapeString(field[1])
	token, err := s.passSlider(ctx, "staff_login")
	if err != nil {
		return nil, err
	}
	status, _, hdr, err := s.postForm(ctx, "/admin/login", url.Values{
		"username": {registryStaff}, "password": {registryPassword}, "captcha_token": {token}})
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther || hdr.Get("Location") != "/admin" {
		return nil, fmt.Errorf("POST /admin/login: %d to %q, want 303 to /admin", status, hdr.Get("Location"))
	}
	return s, nil
}

// registryTargets are the 会员管理 pages (and the API's list) the staff
// session attacks, each with the text its answer must contain, read from one
// answer before the attack: the total 「共 N 位会员」 (the unfiltered one at
// least n, the filtered ones fewer and not none), the detail's title, the
// API's "total".
func registryTargets(ctx context.Context, s *session, n int) ([]target, error) {
	lists := []struct{ name, path string }{
		{"page 1", "/admin/members"},
		{"province+status", "/admin/members?status=active&province=11"},
		{"substring 质量", "/admin/members?q=" + url.QueryEscape("质量")},
		{"pinyin zgzl", "/admin/members?q=zgzl"},
	}
	hdr := s.memberHeader()
	var out []target
	var firstID string
	for i, l := range lists {
		status, body, _, err := s.do(ctx, http.MethodGet, l.path, nil, nil)
		if err != nil {
			return nil, err
		}
		m := listTotal.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			return nil, fmt.Errorf("GET %s: %d, no 「共 N 位会员」", l.path, status)
		}
		total, _ := strconv.Atoi(m[1])
		if (i == 0 && total < n) || (i > 0 && (total == 0 || total >= n)) {
			return nil, fmt.Errorf("GET %s: %s, not what %d seeded members give", l.path, m[0], n)
		}
		if i == 0 {
			if id := memberLink.FindStringSubmatch(body); id != nil {
				firstID = id[1]
			}
		}
		fmt.Printf("loadtest: GET %s shows %s\n", l.path, m[0])
		out = append(out, target{Name: "registry " + l.name, URL: s.base + l.path, Header: hdr, WantBody: m[0]})
	}
	if firstID == "" {
		return nil, fmt.Errorf("GET /admin/members: no link to a member")
	}
	detail := "/admin/members/" + firstID
	status, body, _, err := s.do(ctx, http.MethodGet, detail, nil, nil)
	if err != nil {
		return nil, err
	}
	title := detailTitle.FindString(body)
	if status != http.StatusOK || title == "" {
		return nil, fmt.Errorf("GET %s: %d, no title", detail, status)
	}
	out = append(out, target{Name: "registry member detail", URL: s.base + detail, Header: hdr, WantBody: title})
	api, err := s.apiTarget(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, api), nil
}

// apiTarget is GET /api/v1/members with the staff session's token as the
// bearer token (a session token is the API's bearer token).
func (s *session) apiTarget(ctx context.Context) (target, error) {
	var token string
	u, _ := url.Parse(s.base + "/")
	for _, c := range s.client.Jar.Cookies(u) {
		if c.Name == webui.DefaultSessionCookieName {
			token = c.Value
		}
	}
	if token == "" {
		return target{}, fmt.Errorf("no %s cookie after the staff login", webui.DefaultSessionCookieName)
	}
	hdr := http.Header{"Authorization": {"Bearer " + token}, "Accept": {"application/json"}}
	status, body, _, err := s.do(ctx, http.MethodGet, "/api/v1/members", nil, hdr)
	if err != nil {
		return target{}, err
	}
	total := apiTotal.FindString(body)
	if status != http.StatusOK || total == "" {
		return target{}, fmt.Errorf("GET /api/v1/members: %d, no total: %.200s", status, body)
	}
	fmt.Printf("loadtest: GET /api/v1/members answers %s\n", total)
	return target{Name: "registry GET /api/v1/members", URL: s.base + "/api/v1/members", Header: hdr,
		WantBody: total}, nil
}
