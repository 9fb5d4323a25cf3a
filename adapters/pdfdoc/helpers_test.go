package pdfdoc

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedClock dates the test documents.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// missing skips the test, or fails it under CI, because a system dependency
// is not installed.
func missing(tb testing.TB, what, install string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is missing (CI is set, so this fails): %s", what, install)
	}
	tb.Skipf("%s is missing; skipping (install with: %s)", what, install)
}

// newRenderer returns a Renderer with the discovered font.
func newRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := New(Config{Clock: fixedClock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}})
	if errors.Is(err, ErrNoFont) {
		missing(tb, "a Chinese TrueType font", "scripts/deps.sh fonts")
	}
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// poppler runs a poppler-utils tool on the PDF and returns its output.
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		missing(t, tool, "scripts/deps.sh pdf (Debian package poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, append(args, path, "-")...)
	if tool == "pdfinfo" {
		cmd = exec.Command(tool, append(args, path)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// pdfInfo returns the fields printed by pdfinfo.
func pdfInfo(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, line := range strings.Split(poppler(t, "pdfinfo", pdf), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}
