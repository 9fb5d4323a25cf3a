package usecases_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// firstMemberLink is the first member's link on 会员管理's page 1 (the member
// the HTTP load test's detail target opens).
var firstMemberLink = regexp.MustCompile(`<td><a href="/admin/members/([0-9A-Za-z_-]+)"`)

// BenchmarkMemberDetail measures 会员管理's member detail (GET
// /admin/members/{id}) over 100 000 seeded members on SQLite, through the
// module's whole handler (session, policies, the detail's queries, template):
// a member with the events of its way to approval, as a reviewer and as an
// admin (who also sees invoices and the registry's staff forms), and the
// first seeded member of the list as an admin (the load test's target). Each
// case reports x-bare-router (its ns/op over a bare bunrouter handler's in the
// same run) and, steadier on a busy machine, cpu-ns/op and x-bare-cpu: the
// process's CPU time per request (the garbage collector's included) and its
// ratio to the bare router's.
func BenchmarkMemberDetail(b *testing.B) {
	env := seededEnv(b, registryMembers, time.Now().UTC().Truncate(24*time.Hour))
	withHistory := memberWithHistory(b, env)
	reviewer, _ := staffSession(b, env)
	admin := staffCookie(b, env, "bench-admin", "admin")
	h := env.Handler()
	get := func(path string, c *http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "http://member.test"+path, nil)
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := firstMemberLink.FindStringSubmatch(get("/admin/members", admin).Body.String())
	if first == nil {
		b.Fatal("no member on 会员管理's page 1")
	}
	cases := []struct {
		name, id string
		cookie   *http.Cookie
	}{
		{"history/reviewer", withHistory, reviewer},
		{"history/admin", withHistory, admin},
		{"seeded/admin", first[1], admin},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := "/admin/members/" + c.id
			if rec := get(path, c.cookie); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
			}
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if rec := get(path, c.cookie); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
			reportCPURatio(b, processCPU()-cpu)
			reportRatioToBareRouter(b)
		})
	}
}

// staffCookie creates a staff account with the role, logs it in and returns
// its web session cookie.
func staffCookie(b *testing.B, env *membershiptest.Env, username, role string) *http.Cookie {
	b.Helper()
	env.CreateStaff(b, username, role, "Bench2024ok")
	res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{
		Username: username, Password: "Bench2024ok", CaptchaToken: env.PassCaptcha(b, captcha.PurposeStaffLogin),
		RemoteAddr: "127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	return &http.Cookie{Name: webui.DefaultSessionCookieName, Value: res.Token}
}

// reportCPURatio adds cpu-ns/op (cpu, the CPU time of the benchmark's loop,
// per op) and x-bare-cpu: that over the bare router's CPU time per request,
// measured now for about 300 ms (timer stopped).
func reportCPURatio(b *testing.B, cpu time.Duration) {
	b.Helper()
	if b.N == 0 || cpu == 0 {
		return
	}
	b.StopTimer()
	defer b.StartTimer()
	h := bareRouter()
	for range 1000 { // warm-up
		serveBare(h)
	}
	n, start, startCPU := 0, time.Now(), processCPU()
	for time.Since(start) < 300*time.Millisecond {
		for range 1000 {
			serveBare(h)
		}
		n += 1000
	}
	op := float64(cpu.Nanoseconds()) / float64(b.N)
	bare := float64((processCPU() - startCPU).Nanoseconds()) / float64(n)
	b.ReportMetric(op, "cpu-ns/op")
	b.ReportMetric(op/bare, "x-bare-cpu")
}
