package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeScript is the vendored axe-core (MPL-2.0, see testdata/axe-core).
const axeScript = "testdata/axe-core/axe.min.js"

// axeFinding is one rule axe-core found violated on a page, with the elements.
type axeFinding struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeRun is the check: every rule axe-core knows, on the whole document.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
})()`

// checkAccessibility runs axe-core on the current page, appends what it finds to
// artifacts/axe.txt (the page named by its screenshot) and fails the test on a
// serious or critical finding.
func (b *browser) checkAccessibility(t *testing.T, name string) {
	t.Helper()
	src, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	run(t, b, "inject axe-core", chromedp.Evaluate[bool](string(src)+";\ntrue"))
	findings := run(t, b, "axe-core "+name, chromedp.Evaluate[[]axeFinding](axeRun, chromedp.EvalAwaitPromise))
	loc := b.path(t)
	var report strings.Builder
	var severe []string
	for _, f := range findings {
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s: %s\n", t.Name(), name, loc, f.Impact, f.ID, strings.Join(f.Targets, " | "))
		report.WriteString(line)
		if f.Impact == "serious" || f.Impact == "critical" {
			severe = append(severe, fmt.Sprintf("%s (%s): %s — %s", f.ID, f.Impact, f.Help, strings.Join(f.Targets, " | ")))
		}
	}
	if report.Len() > 0 {
		appendAxeReport(t, report.String())
	}
	if len(severe) > 0 && os.Getenv("AXE_REPORT_ONLY") == "" {
		t.Errorf("accessibility (axe-core) on %s (%s):\n  %s", loc, name, strings.Join(severe, "\n  "))
	}
}

// appendAxeReport adds lines to artifacts/axe.txt.
func appendAxeReport(t *testing.T, lines string) {
	t.Helper()
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	f, err := os.OpenFile(filepath.Join(artifactsDir, "axe.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	defer func() { _ = f.Close() }()
	if _, err := f.WriteString(lines); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
}
