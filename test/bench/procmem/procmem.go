// Package procmem measures a benchmark's resident memory honestly: in a child
// process that runs only the measured work (so the harness's own data, such as
// the file it generated, does not count), its peak resident set as the kernel
// keeps it (VmHWM) and, sampled, the peaks of its two parts: anonymous memory
// (heap, stacks, the runtime) and file-backed pages (the binary, and SQLite's
// database pages read through a memory map). Linux only: zeros elsewhere.
package procmem

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Peak is what a child measured, in kB, and the figures it reports.
type Peak struct {
	// HWM is the process's peak resident set (VmHWM).
	HWM int `json:"hwm_kb"`
	// Anon and File are the sampled peaks of RssAnon and RssFile.
	Anon int `json:"anon_kb"`
	File int `json:"file_kb"`
	// DBMap is the resident part of the mappings of *.db files at the end
	// (SQLite's memory map), from /proc/self/smaps.
	DBMap int `json:"dbmap_kb"`
	// Figures are the child's own results (durations in seconds …).
	Figures map[string]float64 `json:"figures"`
}

// MB converts kB to MB for ReportMetric.
func MB(kb int) float64 { return float64(kb) / 1024 }

// reportPrefix marks the line a child writes its Peak on.
const reportPrefix = "PROCMEM-REPORT "

// ChildEnv names the environment variable that tells a test it runs as a
// measured child (its value is the caller's argument, e.g. a file path).
const ChildEnv = "PROCMEM_CHILD_ARG"

// RunChild runs the test named test of the current test binary in a child
// process, with ChildEnv set to arg and the extra environment, and returns
// the Peak it reported.
func RunChild(tb testing.TB, test, arg string, env ...string) Peak {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v=false") // #nosec G204 -- the test binary itself
	cmd.Env = append(append(os.Environ(), ChildEnv+"="+arg), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		tb.Fatalf("child %s: %v\n%s", test, err, out.String())
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), reportPrefix); ok {
			var p Peak
			if err := json.Unmarshal([]byte(line), &p); err != nil {
				tb.Fatalf("child %s report: %v", test, err)
			}
			return p
		}
	}
	tb.Fatalf("child %s reported nothing:\n%s", test, out.String())
	return Peak{}
}

// Child returns the argument of a measured child, or skips the test when it
// does not run as one.
func Child(tb testing.TB) string {
	tb.Helper()
	arg := os.Getenv(ChildEnv)
	if arg == "" {
		tb.Skip("runs only as a benchmark's measured child process")
	}
	return arg
}

// Measure runs work in the child, sampling its memory every 20 ms, and writes
// the report (with the figures work returns) for RunChild.
func Measure(tb testing.TB, work func() map[string]float64) {
	tb.Helper()
	stop := sample(20 * time.Millisecond)
	figures := work()
	p := stop()
	p.HWM, p.DBMap, p.Figures = statusKB("VmHWM:"), dbMapKB(), figures
	js, err := json.Marshal(p)
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, reportPrefix+string(js))
}

// HWMKB is the process's peak resident set so far (VmHWM), in kB: a child
// reports it among its figures to tell its set-up from its work.
func HWMKB() int { return statusKB("VmHWM:") }

// sample keeps the peaks of RssAnon and RssFile until stop is called.
func sample(every time.Duration) (stop func() Peak) {
	var (
		mu   sync.Mutex
		peak Peak
	)
	read := func() {
		a, f := statusKB("RssAnon:"), statusKB("RssFile:")
		mu.Lock()
		peak.Anon, peak.File = max(peak.Anon, a), max(peak.File, f)
		mu.Unlock()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() Peak {
		close(done)
		wg.Wait()
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// statusKB reads a field in kB of /proc/self/status (0 when unknown).
func statusKB(field string) int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}

// dbMapKB sums the resident kB of the process's mappings of *.db files.
func dbMapKB() int {
	data, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return 0
	}
	total, inDB := 0, false
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			inDB = len(fields) >= 6 && strings.HasSuffix(fields[5], ".db")
		case inDB && len(fields) == 3 && fields[0] == "Rss:":
			kb, _ := strconv.Atoi(fields[1])
			total += kb
		}
	}
	return total
}
