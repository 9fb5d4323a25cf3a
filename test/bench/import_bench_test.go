package bench_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/pinyinkey"
	"github.com/openassoc/membership/membershiptest"
)

// BenchmarkLegacyImport imports IMPORT_BENCH_ROWS (default 100 000) members
// from an XLSX through 导入老会员 (preview, then commit: the pre-pass, the
// checks, the matching and the chunked multi-row inserts) and, in the same
// run, bulk-inserts the same rows raw (bunstore's BulkInsertMembers, no
// checks), on SQLite. It reports both times, their ratio (target ≤ 3) and the
// peak RSS of the import (of the whole process: the test's own file and
// the module's SQLite page cache included) and its two parts' peaks, sampled:
// the anonymous memory (heap, stacks, the runtime) and the file-backed pages
// (the test binary and the SQLite database read through its memory map,
// mmap_size 256 MiB: clean pages of the OS page cache the kernel reclaims at
// will, which grow with the database, not with the import).
// Run: go test -run x -bench LegacyImport -benchtime 1x ./test/bench/
func BenchmarkLegacyImport(b *testing.B) {
	n := 100000
	if s := os.Getenv("IMPORT_BENCH_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	path := writeImportFile(b, n)
	for b.Loop() {
		raw := rawInsert(b, n)
		debug.FreeOSMemory() // the raw phase's memory back to the system, so the peak is the import's
		resetPeakRSS()
		stop := sampleRSS()
		preview, commit := importFile(b, path, n)
		anon, file := stop()
		b.ReportMetric(raw.Seconds(), "raw_s")
		b.ReportMetric(commit.Seconds(), "commit_s")
		b.ReportMetric(preview.Seconds(), "preview_s")
		b.ReportMetric(commit.Seconds()/raw.Seconds(), "commit/raw")
		b.ReportMetric(float64(peakRSSKB())/1024, "peak_rss_MB")
		b.ReportMetric(float64(anon)/1024, "peak_anon_MB")
		b.ReportMetric(float64(file)/1024, "peak_file_MB")
	}
}

// benchRow is the template's row numbered i (enterprise, first contact 张三).
func benchRow(i int) []any {
	first := fmt.Sprintf("91110108MA%07d", i)
	c, _ := application.USCCCheckChar(first)
	vals := map[legacyimport.Field]string{
		legacyimport.FieldKind: "单位会员", legacyimport.FieldName: fmt.Sprintf("导入基准%06d科技有限公司", i),
		legacyimport.FieldNumber: fmt.Sprintf("19%06d", i+1), legacyimport.FieldLevel: "普通会员",
		legacyimport.FieldValidFrom: "2026-01-01", legacyimport.FieldValidUntil: "2026-12-31",
		legacyimport.FieldRegNo: first + string(c), legacyimport.FieldIndustry: "制造业",
		legacyimport.FieldProvince: "北京市", legacyimport.FieldAddress: "北京市海淀区某某路1号",
		legacyimport.FieldPostalCode: "100080", legacyimport.FieldContactName: "张三",
		legacyimport.FieldContactMobile: "13800138000", legacyimport.FieldEmail: fmt.Sprintf("bench%d@example.com", i),
		legacyimport.FieldJoinedOn: "2019-05-20",
	}
	out := make([]any, 0, len(legacyimport.Columns()))
	for _, col := range legacyimport.Columns() {
		out = append(out, vals[col.Field])
	}
	return out
}

func writeImportFile(b *testing.B, n int) string {
	b.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	var header []any
	for _, col := range legacyimport.Columns() {
		header = append(header, col.Header)
	}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, benchRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "members.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// rawInsert bulk-inserts the same members without any check and times it.
func rawInsert(b *testing.B, n int) time.Duration {
	b.Helper()
	db := bunstoretest.OpenSQLite(b)
	now := time.Now()
	rules := legacyimport.Rules{Levels: member.DefaultLevels(), Pinyin: pinyinkey.FullPinyin, Today: now}
	mapping, _ := legacyimport.MapHeaders(headerStrings(), nil)
	snaps := make([]member.Snapshot, 0, n)
	for i := range n {
		cand, probs := legacyimport.Parse(i+2, mapping.Row(toStrings(benchRow(i))), rules)
		if len(probs) > 0 {
			b.Fatalf("row %d: %v", i, probs)
		}
		snaps = append(snaps, member.Import(cand.Entry, cand.Status, cand.JoinedOn,
			member.ImportedBy{Batch: 1, Staff: "bench", InitialUntil: now.Add(time.Hour)}, now).Snapshot())
	}
	start := time.Now()
	if err := db.BulkInsertMembers(context.Background(), snaps); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	_ = db.Close() // its page cache is freed before the import is measured
	return took
}

// importFile previews and commits the file through the module's use cases.
func importFile(b *testing.B, path string, n int) (preview, commit time.Duration) {
	b.Helper()
	env := membershiptest.New(b)
	admin := env.Staff(b, access.RoleAdmin)
	file := command.ImportFile{Name: "members.xlsx", Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	ctx := context.Background()
	start := time.Now()
	rep, err := env.App.Commands.PreviewImport.Handle(ctx, command.PreviewImport{Principal: admin, File: file})
	if err != nil || rep.Creates != n {
		b.Fatalf("preview: %v (%d creates, problems %v)", err, rep.Creates, rep.Problems)
	}
	preview = time.Since(start)
	start = time.Now()
	batch, err := env.App.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: admin, File: file,
		Key: rep.Key})
	if err != nil || batch.Created != n {
		b.Fatalf("commit: %v (%d created)", err, batch.Created)
	}
	return preview, time.Since(start)
}

func headerStrings() []string {
	var h []string
	for _, col := range legacyimport.Columns() {
		h = append(h, col.Header)
	}
	return h
}

func toStrings(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i], _ = v.(string)
	}
	return out
}

// resetPeakRSS starts the peak RSS afresh (Linux: clear_refs 5).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o600) }

// peakRSSKB is the process's peak resident set since the last reset (VmHWM).
func peakRSSKB() int { return statusKB("VmHWM:") }

// statusKB reads a field in kB of /proc/self/status (0 when unknown).
func statusKB(field string) int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field) {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, field)), " kB"))
			return kb
		}
	}
	return 0
}

// sampleRSS samples the anonymous and file-backed resident memory every
// 50 ms until the returned function is called, which returns their peaks
// in kB (Linux only: zeros elsewhere).
func sampleRSS() (stop func() (anonKB, fileKB int)) {
	done, out := make(chan struct{}), make(chan [2]int, 1)
	go func() {
		var peak [2]int
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			peak[0], peak[1] = max(peak[0], statusKB("RssAnon:")), max(peak[1], statusKB("RssFile:"))
			select {
			case <-done:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() (int, int) {
		close(done)
		p := <-out
		return p[0], p[1]
	}
}
