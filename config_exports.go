package membership

import (
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/internal/tabular"
)

// ExportConfig configures 导出: above BackgroundAbove rows an export runs in
// the background (导出任务) and its file waits in the file store for Keep.
type ExportConfig struct {
	// BackgroundAbove is the most rows of a direct download (0: 5 000;
	// negative: every export is a direct download).
	BackgroundAbove int
	// Keep is how long a finished job and its file stay (0: 24 h); the
	// clean-up loop deletes them afterwards.
	Keep time.Duration
	// Poll is how often the runner looks for queued jobs that another
	// instance queued (0: 5 s); a job queued on this instance starts at once.
	Poll time.Duration
}

// exportPoll is the runner's poll interval.
func (c ExportConfig) exportPoll() time.Duration {
	if c.Poll <= 0 {
		return 5 * time.Second
	}
	return c.Poll
}

// options are the core's options of the background exports.
func (c ExportConfig) options() query.ExportJobOptions {
	return query.ExportJobOptions{BackgroundAbove: c.BackgroundAbove, Keep: c.Keep}
}

// exportSheet writes the background exports' files (XLSX streamed, or CSV
// with a byte-order mark).
func exportSheet(format string, out io.Writer, title string) (query.SheetWriter, error) {
	w, err := tabular.New(format, out, title)
	if err != nil {
		return nil, fmt.Errorf("export sheet: %w", err)
	}
	return w, nil
}
