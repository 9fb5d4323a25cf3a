package usecases_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// registryMembers is the size of the seeded registry.
const registryMembers = 100_000

// loadConnections and loadTime shape the bounded load each case runs after
// its benchmark loop: that many clients, each sending its next request when
// the last one answered, for that long.
const (
	loadConnections = 16
	loadTime        = 3 * time.Second
)

// BenchmarkMemberRegistry measures 会员管理 over 100 000 members on SQLite,
// through the module's whole handler (session, policy, query, template): the
// list's first page unfiltered, with a province and status filter, with a name
// substring (「质量」) and with pinyin initials (「zgzl」) — each with its total
// and the counts beside every filter, as staff see it — the API's first page
// (without counts) and one member's detail with its timeline. Each case reports
// its ns/op, x-bare-router (ns/op over a bare bunrouter handler's, measured in
// the same run), the matches, and the p50/p99 latency of a bounded load of 16
// concurrent clients. The directory-cold cases ask the port after each change
// of the registry (nothing kept from an earlier answer): the first request
// after a change. MEMBERSHIP_BENCH_SEED_CACHE=DIR keeps the seeded
// registry in DIR between runs (seededEnv).
func BenchmarkMemberRegistry(b *testing.B) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	env := seededEnv(b, registryMembers, today)
	detail := memberWithHistory(b, env)
	cookie, token := staffSession(b, env)
	h := env.Handler()
	cases := []struct{ name, path string }{
		{"list", "/admin/members"},
		{"province+status", "/admin/members?status=active&province=11"},
		{"substring", "/admin/members?q=" + url.QueryEscape("质量")},
		{"pinyin", "/admin/members?q=zgzl"},
		{"api-list", "/api/v1/members"},
		{"detail", "/admin/members/" + detail},
	}
	for _, c := range directoryCases(today) {
		b.Run("directory/"+c.name, func(b *testing.B) {
			dir := env.Module.Ports().Directory
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dir.Search(ctx, c.query); err != nil {
					b.Fatal(err)
				}
			}
			reportRatioToBareRouter(b)
		})
	}
	for _, c := range directoryCases(today) {
		b.Run("directory-cold/"+c.name, func(b *testing.B) {
			coldSearch(b, env, detail, c.query)
		})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			get := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, "http://member.test"+c.path, nil)
				req.AddCookie(cookie)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			if rec := get(); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", c.path, rec.Code, rec.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				if rec := get(); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", c.path, rec.Code)
				}
			}
			reportRatioToBareRouter(b)
			reportMatches(b, env, token, c.path)
			p50, p99, n := boundedLoad(func() bool { return get().Code == http.StatusOK })
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms@16")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms@16")
			b.ReportMetric(float64(n)/loadTime.Seconds(), "req/s@16")
		})
	}
}

// coldSearch measures a query of the registry's port with nothing kept from
// an earlier answer: before each search (timer stopped) the member touched is
// filed again, which raises the registry's version.
func coldSearch(b *testing.B, env *membershiptest.Env, touched string, q ports.MemberQuery) {
	ports := env.Module.Ports()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := ports.Members.Update(ctx, touched, func(context.Context, *member.Member) error { return nil }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := ports.Directory.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	reportRatioToBareRouter(b)
}

// directoryCase is one query of the registry's port.
type directoryCase struct {
	name  string
	query ports.MemberQuery
}

// directoryCases are the list cases asked of the port alone (bunstore on
// SQLite), with the counts beside the filters, as the web page asks.
func directoryCases(today time.Time) []directoryCase {
	q := func(f ports.MemberFilter) ports.MemberQuery {
		f.Today = today
		return ports.MemberQuery{Filter: f, Sort: ports.SortNumber, Limit: 20, Facets: true}
	}
	return []directoryCase{
		{"list", q(ports.MemberFilter{})},
		{"province+status", q(ports.MemberFilter{Province: "11", Status: member.StatusActive})},
		{"substring", q(ports.MemberFilter{Search: "质量"})},
		{"pinyin", q(ports.MemberFilter{Search: "zgzl"})},
	}
}

// reportMatches adds the total of a list case (the registry's own count), as
// the staff member of token sees it.
func reportMatches(b *testing.B, env *membershiptest.Env, token, path string) {
	u, _ := url.Parse(path)
	if u.Path != "/admin/members" && u.Path != "/api/v1/members" {
		return
	}
	ctx := context.Background()
	s, err := env.App.Queries.CurrentSession.Handle(ctx, token)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	v, err := env.App.Queries.MemberList.Handle(ctx, query.MemberList{
		Principal: s.Principal, Filters: query.MemberFilters{Status: q.Get("status"),
			Province: q.Get("province"), Search: q.Get("q")}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(v.Total), "matches")
}

// boundedLoad runs loadConnections clients for loadTime and returns the median
// and 99th percentile latency and the number of requests; a failed request
// stops the load.
func boundedLoad(do func() bool) (p50, p99 time.Duration, n int) {
	var (
		mu   sync.Mutex
		lats []time.Duration
		wg   sync.WaitGroup
	)
	stop := time.Now().Add(loadTime)
	for range loadConnections {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(stop) {
				start := time.Now()
				if !do() {
					return
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(lats) == 0 {
		return 0, 0, 0
	}
	slices.Sort(lats)
	return lats[len(lats)/2], lats[len(lats)*99/100], len(lats)
}

// memberWithHistory adds an enterprise through the repository with the
// events of its way to approval (the seed has no history) and returns its id.
func memberWithHistory(b *testing.B, env *membershiptest.Env) string {
	b.Helper()
	now := time.Now()
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "基准详情测试单位",
		Email: "detail@example.com", PasswordHash: "x"}, now)
	if err != nil {
		b.Fatal(err)
	}
	steps := []func() error{
		func() error { return membertest.Approve(m, "26999999", now) },
		func() error { return m.ConfirmPayment(now) },
		func() error { return m.ForwardToSecretariat(now) },
		func() error { return m.ApproveMembership("会字〔2026〕8号", now, now) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			b.Fatal(err)
		}
	}
	if err := env.Module.Ports().Members.Add(context.Background(), m); err != nil {
		b.Fatal(err)
	}
	return m.ID()
}

// staffSession logs a reviewer in and returns the web session cookie and the
// API token.
func staffSession(b testing.TB, env *membershiptest.Env) (*http.Cookie, string) {
	b.Helper()
	env.CreateStaff(b, "bench-reviewer", "reviewer", "Bench2024ok")
	login := func() string {
		res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{
			Username: "bench-reviewer", Password: "Bench2024ok", CaptchaToken: env.PassCaptcha(b, captcha.PurposeStaffLogin),
			RemoteAddr: "127.0.0.1"})
		if err != nil {
			b.Fatal(err)
		}
		return res.Token
	}
	return &http.Cookie{Name: webui.DefaultSessionCookieName, Value: login()}, login()
}
