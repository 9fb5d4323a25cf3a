//go:build integration

package integration

import (
	"os"
	"testing"

	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/test/bench/importbench"
	"github.com/openassoc/membership/test/bench/procmem"
)

// importDSNEnv passes the import's database to the measured child.
const importDSNEnv = "MEMBERSHIP_IMPORT_BENCH_DSN"

// BenchmarkLegacyImportPostgres is test/bench's BenchmarkLegacyImport on the
// PostgreSQL container: IMPORT_BENCH_ROWS (default 100 000) members from an
// XLSX through 导入老会员 (preview, then commit) into a database of its own,
// and, in the same run, the raw bulk insert of the same rows
// (BulkInsertMembers, no checks) into another; it reports both times, their
// ratio (target ≤ 3) and the import process's peak RSS (target ≤ 300 MB;
// the import runs in a child process, procmem, so that the benchmark's own
// file and raw phase do not count), split into anonymous and file-backed.
// Benchmarks run only with -bench:
//
//	eval "$(test/containers/engine.sh)"
//	go test -tags integration -run '^$' -bench Import -benchtime 1x ./test/integration/
func BenchmarkLegacyImportPostgres(b *testing.B) {
	n := importbench.Rows()
	path := importbench.WriteFile(b, n)
	for b.Loop() {
		db := bunstoretest.Open(b, createDatabase(b, "import_raw_"+randomHex(4)))
		raw := importbench.RawInsert(b, db, n)
		_ = db.Close()
		dsn := createDatabase(b, "import_"+randomHex(4))
		p := procmem.RunChild(b, "TestLegacyImportPostgresChild", path, importDSNEnv+"="+dsn)
		commit := p.Figures["commit_s"]
		b.ReportMetric(raw.Seconds(), "raw_s")
		b.ReportMetric(commit, "commit_s")
		b.ReportMetric(p.Figures["preview_s"], "preview_s")
		b.ReportMetric(commit/raw.Seconds(), "commit/raw")
		b.ReportMetric(procmem.MB(p.HWM), "peak_rss_MB")
		b.ReportMetric(procmem.MB(p.Anon), "peak_anon_MB")
		b.ReportMetric(procmem.MB(p.File), "peak_file_MB")
	}
}

// TestLegacyImportPostgresChild is BenchmarkLegacyImportPostgres's measured
// child (skipped otherwise): the import into the database its parent made.
func TestLegacyImportPostgresChild(t *testing.T) {
	path := procmem.Child(t)
	dsn := os.Getenv(importDSNEnv)
	procmem.Measure(t, func() map[string]float64 {
		env := membershiptest.New(t, membershiptest.WithDatabase(dsn))
		preview, commit := importbench.Import(t, env, path, importbench.Rows())
		return map[string]float64{"preview_s": preview.Seconds(), "commit_s": commit.Seconds()}
	})
}
