package usecases_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// BenchmarkListExport measures 导出 of 100 000 seeded members (SQLite)
// through the generic list export: direct downloads of GET
// /api/v1/exports/members as XLSX and CSV (the body counted and dropped), and
// the same export as a background job (导出任务) written to the file store.
// Each case reports rows/s and the peak Go heap in use while it runs
// (runtime.ReadMemStats every 5 ms; target ≤ 150 MB).
func BenchmarkListExport(b *testing.B) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	env := seededEnv(b, registryMembers, today)
	_, token := staffSession(b, env)
	h := env.Handler()
	for _, format := range []string{"xlsx", "csv"} {
		b.Run(format, func(b *testing.B) {
			peak := heapPeak(func() {
				for b.Loop() {
					w := &countingWriter{header: http.Header{}}
					req := httptest.NewRequest(http.MethodGet, "http://member.test/api/v1/exports/members?format="+format, nil)
					req.Header.Set("Authorization", "Bearer "+token)
					h.ServeHTTP(w, req)
					if w.status != http.StatusOK || w.n == 0 {
						b.Fatalf("export %s: %d", format, w.status)
					}
				}
			})
			b.ReportMetric(float64(registryMembers)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
	b.Run("job-xlsx", func(b *testing.B) {
		staff, err := env.Module.Ports().Staff.GetByUsername(context.Background(), "bench-reviewer")
		if err != nil {
			b.Fatal(err)
		}
		p := access.Principal{Kind: access.PrincipalStaff, ID: staff.ID(), Role: staff.Role()}
		jobs := env.App.Queries.ExportJobs
		peak := heapPeak(func() {
			for b.Loop() {
				j, err := jobs.Start(context.Background(), query.ListExport{Principal: p, List: query.ExportListMembers,
					Format: "xlsx"})
				if err != nil {
					b.Fatal(err)
				}
				var got query.ExportJobItem
				if !env.WaitUntil(10*time.Minute, func() bool {
					got, _ = jobs.Get(context.Background(), p, j.ID)
					return !got.Unfinished()
				}) || got.State != ports.ExportDone || got.RowsDone != registryMembers {
					b.Fatalf("job: %+v", got)
				}
				rc, _, err := jobs.File(context.Background(), p, j.ID)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, rc)
				_ = rc.Close()
				b.ReportMetric(float64(n)/(1<<20), "file-MB")
			}
		})
		b.ReportMetric(float64(registryMembers)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}
