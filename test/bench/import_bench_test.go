package bench_test

import (
	"testing"

	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/test/bench/importbench"
	"github.com/openassoc/membership/test/bench/procmem"
)

// BenchmarkLegacyImport imports IMPORT_BENCH_ROWS (default 100 000) members
// from an XLSX through 导入老会员 (preview, then commit: the pre-pass, the
// checks, the matching and the chunked multi-row inserts) and, in the same
// run, bulk-inserts the same rows raw (bunstore's BulkInsertMembers, no
// checks), on SQLite. It reports both times and their ratio (target ≤ 3).
// The import runs in a child process of its own (TestLegacyImportChild,
// procmem), so that its peak RSS (VmHWM, target ≤ 300 MB) is the import's
// alone — not the benchmark's generated file nor the raw phase — split into
// the sampled peaks of anonymous memory (heap, stacks, the runtime) and
// file-backed pages (the binary, SQLite's memory-mapped database pages), and
// the resident part of the database's mappings at the end (dbmap).
// Run: go test -run x -bench LegacyImport -benchtime 1x ./test/bench/
func BenchmarkLegacyImport(b *testing.B) {
	n := importbench.Rows()
	path := importbench.WriteFile(b, n)
	for b.Loop() {
		db := bunstoretest.OpenSQLite(b)
		raw := importbench.RawInsert(b, db, n)
		_ = db.Close() // its page cache is freed before the import runs
		p := procmem.RunChild(b, "TestLegacyImportChild", path)
		commit := p.Figures["commit_s"]
		b.ReportMetric(raw.Seconds(), "raw_s")
		b.ReportMetric(commit, "commit_s")
		b.ReportMetric(p.Figures["preview_s"], "preview_s")
		b.ReportMetric(commit/raw.Seconds(), "commit/raw")
		b.ReportMetric(procmem.MB(p.HWM), "peak_rss_MB")
		b.ReportMetric(procmem.MB(p.Anon), "peak_anon_MB")
		b.ReportMetric(procmem.MB(p.File), "peak_file_MB")
		b.ReportMetric(procmem.MB(p.DBMap), "dbmap_MB")
	}
}

// TestLegacyImportChild is BenchmarkLegacyImport's measured child: it
// previews and commits the file the benchmark wrote (skipped otherwise).
func TestLegacyImportChild(t *testing.T) {
	path := procmem.Child(t)
	procmem.Measure(t, func() map[string]float64 {
		env := membershiptest.New(t)
		preview, commit := importbench.Import(t, env, path, importbench.Rows())
		return map[string]float64{"preview_s": preview.Seconds(), "commit_s": commit.Seconds()}
	})
}
