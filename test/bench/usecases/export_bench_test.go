package usecases_test

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMemberExport measures 导出 of the whole seeded registry (100 000
// members on SQLite) through the module's handler, as XLSX and as CSV: each
// case reports rows/s, the file's size and the peak Go heap in use while the
// file streams (sampled every 5 ms; the response body is counted and
// dropped, as a client would take it).
func BenchmarkMemberExport(b *testing.B) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	env := seededEnv(b, registryMembers, today)
	_, token := staffSession(b, env)
	h := env.Handler()
	for _, format := range []string{"xlsx", "csv"} {
		b.Run(format, func(b *testing.B) {
			var size int64
			peak := heapPeak(func() {
				for b.Loop() {
					w := &countingWriter{header: http.Header{}}
					req := httptest.NewRequest(http.MethodGet, "http://member.test/api/v1/members/export?format="+format, nil)
					req.Header.Set("Authorization", "Bearer "+token)
					h.ServeHTTP(w, req)
					if w.status != http.StatusOK || w.n == 0 {
						b.Fatalf("export %s: %d", format, w.status)
					}
					size = w.n
				}
			})
			b.ReportMetric(float64(registryMembers)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
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
