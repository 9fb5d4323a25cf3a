package usecases_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// auditEntries is the size of the seeded audit log.
const auditEntries = 100_000

// BenchmarkAuditLog measures 操作日志 over 100 000 entries on SQLite through
// the module's whole handler, as the admin reads it: the first page, each
// filter (staff, member, action, a day range), a deep page, and the API. Each
// case reports ns/op, x-bare-router and the p50/p99 latency of 16 concurrent
// clients.
func BenchmarkAuditLog(b *testing.B) {
	env := membershiptest.New(b)
	detail := memberWithHistory(b, env)
	staffName := seedAudit(b, env, detail)
	cookie, token := adminSession(b, env)
	h := env.Handler()
	day := time.Now().AddDate(0, 0, -3).Format(time.DateOnly)
	cases := []struct{ name, path string }{
		{"first-page", "/admin/audit"},
		{"staff", "/admin/audit?staff=" + staffName},
		{"member", "/admin/audit?member=26999999"},
		{"action", "/admin/audit?action=payment.confirm"},
		{"day", "/admin/audit?from=" + day + "&to=" + day},
		{"page-2000", "/admin/audit?page=2000"},
		{"api", "/api/v1/audit?page_size=100"},
		{"member-detail", "/admin/members/" + detail},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			get := func() int {
				req := httptest.NewRequest(http.MethodGet, "http://member.test"+c.path, nil)
				req.AddCookie(cookie)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec.Code
			}
			if code := get(); code != http.StatusOK {
				b.Fatalf("%s: %d", c.path, code)
			}
			b.ReportAllocs()
			for b.Loop() {
				if code := get(); code != http.StatusOK {
					b.Fatalf("%s: %d", c.path, code)
				}
			}
			reportRatioToBareRouter(b)
			p50, p99, n := boundedLoad(func() bool { return get() == http.StatusOK })
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms@16")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms@16")
			b.ReportMetric(float64(n)/loadTime.Seconds(), "req/s@16")
		})
	}
}

// seedAudit appends auditEntries entries over the last 100 days in one
// transaction: ten staff accounts, a thousand members (one of them memberID,
// with a hundred entries), the actions in turn. It returns one staff user name.
func seedAudit(b *testing.B, env *membershiptest.Env, memberID string) string {
	b.Helper()
	ctx := context.Background()
	ports := env.Module.Ports()
	actions := audit.Actions()
	staff := make([]string, 10)
	for i := range staff {
		staff[i] = env.CreateStaff(b, fmt.Sprintf("bench-s%d", i), "finance", "Bench2024ok")
	}
	now := time.Now().UTC()
	start := time.Now()
	err := ports.Tx.InTx(ctx, func(ctx context.Context) error {
		for i := range auditEntries {
			mid := fmt.Sprintf("m%04d", i%1000)
			if i%1000 == 0 {
				mid = memberID
			}
			e := audit.Entry{At: now.Add(-time.Duration(auditEntries-i) * 86 * time.Second),
				StaffID: staff[i%10], Address: "10.0.0.1", Action: actions[i%len(actions)],
				MemberID: mid, Summary: "基准测试条目", Changes: []audit.Change{{Field: "f", Label: "字段", Before: "a", After: "b"}}}
			if err := ports.Audit.Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d audit entries in %v", auditEntries, time.Since(start).Round(time.Millisecond))
	return "bench-s3"
}

// adminSession logs an admin in and returns the web session cookie and the
// API token.
func adminSession(b *testing.B, env *membershiptest.Env) (*http.Cookie, string) {
	b.Helper()
	env.CreateStaff(b, "bench-admin", "admin", "Bench2024ok")
	login := func() string {
		res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{
			Username: "bench-admin", Password: "Bench2024ok", CaptchaToken: env.PassCaptcha(b, captcha.PurposeStaffLogin),
			RemoteAddr: "127.0.0.1"})
		if err != nil {
			b.Fatal(err)
		}
		return res.Token
	}
	return &http.Cookie{Name: webui.DefaultSessionCookieName, Value: login()}, login()
}
