package query_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// csvSheet is a plain CSV sheet writer; onRow runs before each row.
type csvSheet struct {
	w     *csv.Writer
	n     int
	onRow func(n int)
}

func (s *csvSheet) WriteRow(cells []string) error {
	s.n++
	if s.onRow != nil {
		s.onRow(s.n)
	}
	return s.w.Write(cells)
}

func (s *csvSheet) Close() error { s.w.Flush(); return s.w.Error() }

// jobsWorld is an audit log of 1 300 entries of a finance account, exported in
// the background above 1 000 rows.
type jobsWorld struct {
	e       *env
	h       *query.ExportJobsHandler
	finance access.Principal
	onRow   func(n int)
}

func newJobsWorld(t *testing.T) *jobsWorld {
	t.Helper()
	e := newEnv(t)
	w := &jobsWorld{e: e, finance: e.staff("lisi", access.RoleFinance)}
	for i := range 1300 {
		require.NoError(t, e.store.AuditLog().Append(e.ctx, audit.Entry{At: e.clock.Now(), StaffID: w.finance.ID,
			Action: audit.PaymentConfirm, Summary: fmt.Sprintf("确认缴费 %d", i)}))
	}
	sheet := func(_ string, out io.Writer, _ string) (query.SheetWriter, error) {
		return &csvSheet{w: csv.NewWriter(out), onRow: func(n int) {
			if w.onRow != nil {
				w.onRow(n)
			}
		}}, nil
	}
	w.h = query.NewExportJobsHandler(e.exporter(), e.store.ExportJobs(), e.files, e.store.Transactor(), e.policy,
		e.clock, sheet, query.ExportJobOptions{BackgroundAbove: 1000, Keep: time.Hour})
	return w
}

func TestExportJobProgressAndExpiry(t *testing.T) {
	t.Parallel()
	w := newJobsWorld(t)
	e := w.e
	assert.True(t, w.h.Large(1001))
	assert.False(t, w.h.Large(1000))
	ex := query.ListExport{Principal: w.finance, List: query.ExportListAudit, Format: "csv"}
	started, err := w.h.Start(e.ctx, ex)
	require.NoError(t, err)
	assert.Equal(t, ports.ExportQueued, started.State)
	assert.Equal(t, 1300, started.RowsTotal)
	assert.Equal(t, "排队中", started.StateLabel)
	_, err = w.h.Start(e.ctx, ex)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict), "one job at a time: %v", err)

	// While it runs, the job shows the rows written so far, stamped by the clock.
	var seen []int
	w.onRow = func(n int) {
		if n == 702 || n == 1202 { // the header is row 1
			e.clock.Advance(time.Second)
			it, err := w.h.Get(context.Background(), w.finance, started.ID)
			require.NoError(t, err)
			seen = append(seen, it.RowsDone, it.Percent)
			assert.Equal(t, "导出中", it.StateLabel)
		}
	}
	ran, err := w.h.RunNext(e.ctx)
	require.NoError(t, err)
	require.True(t, ran)
	assert.Equal(t, []int{500, 38, 1000, 76}, seen, "progress every 500 rows")
	ran, err = w.h.RunNext(e.ctx)
	require.NoError(t, err)
	assert.False(t, ran, "nothing else queued")

	list, err := w.h.List(e.ctx, w.finance)
	require.NoError(t, err)
	require.Len(t, list, 1)
	done := list[0]
	assert.Equal(t, ports.ExportDone, done.State)
	assert.Equal(t, 100, done.Percent)
	assert.Equal(t, 1301, done.RowsDone, "the entries when it ran: with the export's own entry")
	assert.Equal(t, e.clock.Now().Add(time.Hour).UTC(), done.ExpiresAt)
	rc, _, err := w.h.File(e.ctx, w.finance, done.ID)
	require.NoError(t, err)
	body, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Equal(t, 1302, strings.Count(string(body), "\n"), "the header and every entry")

	// Another staff member sees nothing of it.
	other := e.staff("admin", access.RoleAdmin)
	_, err = w.h.Get(e.ctx, other, done.ID)
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound))

	// The clean-up deletes it and its file once expired, not before.
	n, err := w.h.Cleanup(e.ctx, nil)
	require.NoError(t, err)
	assert.Zero(t, n)
	e.clock.Advance(time.Hour)
	_, _, err = w.h.File(e.ctx, w.finance, done.ID)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict), "expired")
	n, err = w.h.Cleanup(e.ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = e.files.Open(e.ctx, done.FileKey)
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "the file is gone")
	list, err = w.h.List(e.ctx, w.finance)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestExportJobRefusals(t *testing.T) {
	t.Parallel()
	w := newJobsWorld(t)
	e := w.e
	_, err := w.h.Start(e.ctx, query.ListExport{Principal: w.finance, List: query.ExportListAudit, Format: "csv",
		Params: map[string]string{"staff": "admin"}})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "finance cannot export others' audit entries: %v", err)
	list, err := w.h.List(e.ctx, w.finance)
	require.NoError(t, err)
	assert.Empty(t, list, "a refused export queues nothing")

	// A job whose runner died does not block the next export for ever.
	_, err = w.h.Start(e.ctx, query.ListExport{Principal: w.finance, List: query.ExportListAudit, Format: "csv"})
	require.NoError(t, err)
	e.clock.Advance(16 * time.Minute)
	_, err = w.h.Start(e.ctx, query.ListExport{Principal: w.finance, List: query.ExportListAudit, Format: "xlsx"})
	require.NoError(t, err)
	list, err = w.h.List(e.ctx, w.finance)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "导出任务中断，请重新导出", list[1].Error)
}
