package usecases_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/test/bench/procmem"
)

// BenchmarkMemberExport measures 导出 of the whole seeded registry (100 000
// members on SQLite) through the module's handler, as XLSX and as CSV: each
// case reports rows/s, the file's size and the export's peak RSS (target
// ≤ 150 MB). The export runs in a child process of its own
// (TestMemberExportChild, procmem) on a copy of the registry this process
// seeded, so that the peak is the module's and the export's alone (VmHWM),
// split into the sampled peaks of anonymous memory and file-backed pages and
// the resident part of the database's mappings at the end (dbmap); the
// response body is counted and dropped, as a client would take it. The pages
// are read by keyset (ports.MemberQuery.After), not OFFSET.
func BenchmarkMemberExport(b *testing.B) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	saved := seededFile(b, today)
	for _, format := range []string{"xlsx", "csv"} {
		b.Run(format, func(b *testing.B) {
			var p procmem.Peak
			for b.Loop() {
				copied := filepath.Join(b.TempDir(), "membership.db") // the child's own copy, made here
				if err := streamCopy(saved, copied); err != nil {
					b.Fatal(err)
				}
				p = procmem.RunChild(b, "TestMemberExportChild", copied, exportFormatEnv+"="+format)
			}
			b.ReportMetric(p.Figures["rows_per_s"], "rows/s")
			b.ReportMetric(p.Figures["file_mb"], "file-MB")
			b.ReportMetric(procmem.MB(p.HWM), "peak_rss_MB")
			b.ReportMetric(procmem.MB(p.Anon), "peak_anon_MB")
			b.ReportMetric(procmem.MB(p.File), "peak_file_MB")
			b.ReportMetric(procmem.MB(p.DBMap), "dbmap_MB")
			b.ReportMetric(p.Figures["setup_rss_mb"], "setup_rss_MB")
		})
	}
}

// seededFile is a database file of the seeded registry: kept in
// MEMBERSHIP_BENCH_SEED_CACHE between runs when that names a folder.
func seededFile(b *testing.B, today time.Time) string {
	b.Helper()
	dir := os.Getenv(seedCacheVar)
	if dir == "" {
		dir = b.TempDir()
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		b.Fatal(err)
	}
	saved := filepath.Join(dir, fmt.Sprintf("export-registry-%d-%s.db", registryMembers, today.Format("20060102")))
	if _, err := os.Stat(saved); err != nil {
		env := membershiptest.New(b)
		seedRegistry(b, env.DataDir, registryMembers, today, saved, env.Config.Timezone)
	}
	return saved
}

// streamCopy copies the file from to the new file to without holding it in
// memory.
func streamCopy(from, to string) error {
	in, err := os.Open(from) // #nosec G304 -- the benchmark's own seed
	if err != nil {
		return fmt.Errorf("open seed: %w", err)
	}
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- a temporary file
	if err != nil {
		return fmt.Errorf("copy seed: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return fmt.Errorf("copy seed: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("copy seed: %w", err)
	}
	return nil
}

// exportFormatEnv passes the export's format to the measured child.
const exportFormatEnv = "MEMBERSHIP_EXPORT_BENCH_FORMAT"

// TestMemberExportChild is BenchmarkMemberExport's measured child (skipped
// otherwise): the module on a copy of the seeded registry, one export.
func TestMemberExportChild(t *testing.T) {
	copied := procmem.Child(t)
	format := os.Getenv(exportFormatEnv)
	procmem.Measure(t, func() map[string]float64 {
		env := membershiptest.New(t, membershiptest.WithDatabase("sqlite:"+copied))
		_, token := staffSession(t, env)
		setup := procmem.HWMKB()
		h := env.Handler()
		w := &countingWriter{header: http.Header{}}
		req := httptest.NewRequest(http.MethodGet, "http://member.test/api/v1/members/export?format="+format, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		h.ServeHTTP(w, req)
		took := time.Since(start)
		if w.status != http.StatusOK || w.n == 0 {
			t.Fatalf("export %s: %d", format, w.status)
		}
		return map[string]float64{"rows_per_s": float64(registryMembers) / took.Seconds(),
			"file_mb": float64(w.n) / (1 << 20), "setup_rss_mb": procmem.MB(setup)}
	})
}

// heapPeak runs f and returns the largest HeapInuse seen meanwhile.
func heapPeak(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}

// countingWriter is a response writer that counts the body and drops it.
type countingWriter struct {
	header http.Header
	status int
	n      int64
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += int64(len(p))
	return len(p), nil
}
