package usecases_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/membershiptest"
)

// reportPayments is the number of payments seeded for the reports.
const reportPayments = 300_000

// BenchmarkReports measures 统计报表 over 100 000 members and 300 000
// payments on SQLite, as finance sees it: the core query alone (every section,
// then each section by itself), the page through the module's whole handler
// (session, policy, query, SVG charts, template), the API's JSON and the back
// office's home with its headline figures. Each case reports ns/op, ms/op and
// x-bare-router (ns/op over a bare bunrouter handler's, measured in the same
// run).
func BenchmarkReports(b *testing.B) {
	env := membershiptest.New(b)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	seedRegistry(b, env.DataDir, registryMembers, today, "", env.Config.Timezone)
	seedPayments(b, env.DataDir, reportPayments, today)
	cookie, token := financeSession(b, env)
	ctx := context.Background()
	s, err := env.App.Queries.CurrentSession.Handle(ctx, token)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("query", func(b *testing.B) {
		var v query.ReportsView
		for b.Loop() {
			if v, err = env.App.Queries.Reports.Handle(ctx, query.Reports{Principal: s.Principal}); err != nil {
				b.Fatal(err)
			}
		}
		reportMs(b)
		reportRatioToBareRouter(b)
		b.ReportMetric(float64(v.Members.Accounts), "members")
		b.ReportMetric(float64(v.Income.Total.Count), "payments-this-year")
	})
	for _, sec := range query.ReportSections() {
		b.Run("query/"+string(sec), func(b *testing.B) {
			for b.Loop() {
				if _, err := env.App.Queries.Reports.Handle(ctx, query.Reports{Principal: s.Principal,
					Sections: []query.ReportSection{sec}}); err != nil {
					b.Fatal(err)
				}
			}
			reportMs(b)
			reportRatioToBareRouter(b)
		})
	}
	h := env.Handler()
	for _, c := range []struct{ name, path, want string }{
		{"page", "/admin/reports", "统计报表"},
		{"api", "/api/v1/reports", `"sections"`},
		{"home", "/admin", "主要指标"},
	} {
		b.Run(c.name, func(b *testing.B) {
			get := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, "http://member.test"+c.path, nil)
				req.AddCookie(cookie)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			if rec := get(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), c.want) {
				b.Fatalf("%s: %d %.300s", c.path, rec.Code, rec.Body.String())
			}
			for b.Loop() {
				if rec := get(); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", c.path, rec.Code)
				}
			}
			reportMs(b)
			reportRatioToBareRouter(b)
		})
	}
}

// reportMs adds the time per operation in milliseconds.
func reportMs(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	}
}

// seedPayments writes n payments straight into the module's SQLite file, in
// batches of multi-row inserts: members drawn at random, 90 % confirmed with a
// day of arrival over the last five years, by transfer, voucher (some matched
// on a statement) and Alipay; the rest rejected or closed.
func seedPayments(b *testing.B, dataDir string, n int, today time.Time) {
	b.Helper()
	ctx := context.Background()
	db, err := bunstore.Open(ctx, filepath.Join(dataDir, "membership.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	var ids []string
	if err := db.Bun().NewSelect().TableExpr("members").Column("id").Scan(ctx, &ids); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	start := time.Now()
	const batch = 500
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for done := 0; done < n; done += batch {
		var sb strings.Builder
		args := make([]any, 0, batch*10)
		sb.WriteString("INSERT INTO payments (id, member_id, purpose, method, status, amount_fen, paid_fen, " +
			"paid_on, source, created_at, updated_at) VALUES ")
		for i := range min(batch, n-done) {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?)")
			args = append(args, seedPayment(rng, ids[rng.IntN(len(ids))], today)...)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			_ = tx.Rollback()
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d payments in %v", n, time.Since(start).Round(time.Millisecond))
}

// seedPayment is the columns of one seeded payment of the member.
func seedPayment(rng *rand.Rand, memberID string, today time.Time) []any {
	day := today.AddDate(0, 0, -rng.IntN(5*365))
	fen := []int64{500000, 1000000, 48000}[rng.IntN(3)]
	method, source := "transfer", "finance"
	switch k := rng.IntN(10); {
	case k < 3:
		method = "voucher"
	case k < 5:
		method, source = "alipay", "gateway"
	case k < 7:
		source = "statement"
	}
	status, paid, paidOn := "confirmed", fen, any(day.Format(time.DateOnly))
	if k := rng.IntN(10); k == 0 {
		status, paid, paidOn = []string{"rejected", "closed"}[rng.IntN(2)], 0, nil
	}
	purpose := "renewal"
	if rng.IntN(3) == 0 {
		purpose = "join"
	}
	at := day.Add(10 * time.Hour)
	return []any{id.New(at), memberID, purpose, method, status, fen, paid, paidOn, source, at, at}
}

// financeSession logs a finance staff member in and returns the web session
// cookie and the API token.
func financeSession(b *testing.B, env *membershiptest.Env) (*http.Cookie, string) {
	b.Helper()
	env.CreateStaff(b, "bench-finance", "finance", "Bench2024ok")
	login := func() string {
		res, err := env.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{
			Username: "bench-finance", Password: "Bench2024ok", CaptchaToken: env.PassCaptcha(b, captcha.PurposeStaffLogin),
			RemoteAddr: "127.0.0.1"})
		if err != nil {
			b.Fatal(err)
		}
		return res.Token
	}
	return &http.Cookie{Name: webui.DefaultSessionCookieName, Value: login()}, login()
}
