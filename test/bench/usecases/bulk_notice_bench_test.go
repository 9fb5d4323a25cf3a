package usecases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
)

// BenchmarkBulkNoticeEnqueue measures sending a bulk notice (群发通知) to
// every member of the seeded registry (100 000 on SQLite): the campaign row,
// one pending recipient per member by a single INSERT … SELECT over the
// registry's filter, and the audit entry, in one transaction. It reports
// recipients enqueued per second and the peak Go heap meanwhile (the member
// ids never pass through Go). The "individual" case filters on the kind.
func BenchmarkBulkNoticeEnqueue(b *testing.B) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	env := seededEnv(b, registryMembers, today)
	admin := env.Staff(b, access.RoleAdmin)
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		filters query.MemberFilters
	}{{"all", query.MemberFilters{}}, {"individual", query.MemberFilters{Kind: "individual"}}} {
		b.Run(c.name, func(b *testing.B) {
			rows, i := 0, 0
			peak := heapPeak(func() {
				for b.Loop() {
					i++
					res, err := env.App.Commands.SendBulkNotice.Handle(ctx, command.SendBulkNotice{Principal: admin,
						Filters: c.filters, Subject: "基准测试通知", Body: "正文", Portal: true, Email: true,
						RequestKey: fmt.Sprintf("bench-%s-%d", c.name, i)})
					if err != nil {
						b.Fatal(err)
					}
					rows = res.Recipients
				}
			})
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(rows), "recipients")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
