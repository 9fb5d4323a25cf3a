package query

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// Defaults of the background exports.
const (
	// DefaultExportBackgroundAbove is how many rows an export may have and
	// still be a direct download; a larger one runs as a job (导出任务).
	DefaultExportBackgroundAbove = 5000
	// DefaultExportKeep is how long a finished job and its file are kept.
	DefaultExportKeep = 24 * time.Hour
	// exportJobsListed is how many of one's jobs 导出任务 lists.
	exportJobsListed = 20
)

// SheetWriter writes an export's file: rows, then Close finishes it.
type SheetWriter interface {
	RowSink
	Close() error
}

// NewSheet starts a file of format (xlsx, csv) on out, with a sheet titled
// title; the adapters' tabular.New.
type NewSheet func(format string, out io.Writer, title string) (SheetWriter, error)

// ExportJobOptions tune the background exports.
type ExportJobOptions struct {
	// BackgroundAbove is the most rows of a direct download (0: the default
	// 5 000; negative: every export is direct).
	BackgroundAbove int
	// Keep is how long a finished job and its file stay (0: 24 h).
	Keep time.Duration
}

// ExportJobsHandler runs large exports in the background (导出任务): it starts
// them, lists one's own, hands out their files and, for the runner loop, runs
// the next queued one and deletes the expired ones.
type ExportJobsHandler struct {
	exports  *ListExportHandler
	jobs     ports.ExportJobs
	files    ports.FileStore
	tx       ports.Transactor
	authz    ports.Authorizer
	clock    ports.Clock
	newSheet NewSheet
	opts     ExportJobOptions
	wake     chan struct{}
}

// NewExportJobsHandler builds the handler; jobs nil means no background
// exports (every export is direct).
func NewExportJobsHandler(exports *ListExportHandler, jobs ports.ExportJobs, files ports.FileStore,
	tx ports.Transactor, authz ports.Authorizer, clock ports.Clock, newSheet NewSheet, o ExportJobOptions) *ExportJobsHandler {
	if o.BackgroundAbove == 0 {
		o.BackgroundAbove = DefaultExportBackgroundAbove
	}
	if o.Keep <= 0 {
		o.Keep = DefaultExportKeep
	}
	return &ExportJobsHandler{exports: exports, jobs: jobs, files: files, tx: tx, authz: authz, clock: clock,
		newSheet: newSheet, opts: o, wake: make(chan struct{}, 1)}
}

// Large tells whether an export of total rows runs in the background.
func (h *ExportJobsHandler) Large(total int) bool {
	return h != nil && h.jobs != nil && h.newSheet != nil && h.opts.BackgroundAbove >= 0 &&
		total > h.opts.BackgroundAbove
}

// Limits are the background threshold (rows) and how long files are kept, for
// the pages that explain them.
func (h *ExportJobsHandler) Limits() (int, time.Duration) { return h.opts.BackgroundAbove, h.opts.Keep }

// Wake is signalled when a job was queued, so that the runner need not wait
// for its next poll.
func (h *ExportJobsHandler) Wake() <-chan struct{} { return h.wake }

// ExportJobItem is one job as 导出任务 shows it.
type ExportJobItem struct {
	ports.ExportJob
	Title      string // the list's name (会员名单 …)
	StateLabel string // 排队中, 导出中, 已完成, 失败
	Percent    int    // 0–100
}

// item names a job.
func (h *ExportJobsHandler) item(j ports.ExportJob) ExportJobItem {
	it := ExportJobItem{ExportJob: j, Title: h.exports.Title(j.List)}
	it.StateLabel = map[string]string{ports.ExportQueued: "排队中", ports.ExportRunning: "导出中",
		ports.ExportDone: "已完成", ports.ExportFailed: "失败"}[j.State]
	switch {
	case j.State == ports.ExportDone:
		it.Percent = 100
	case j.RowsTotal > 0:
		it.Percent = min(99, j.RowsDone*100/j.RowsTotal)
	}
	return it
}

// Start checks the export as a direct one would be checked and queues it as
// a job of the principal, recorded in the audit log in the same transaction.
// A staff member with an unfinished job is refused (Conflict).
func (h *ExportJobsHandler) Start(ctx context.Context, q ListExport) (ExportJobItem, error) {
	if h.jobs == nil {
		return ExportJobItem{}, apperr.Internal(errors.New("export jobs: no store is configured"))
	}
	plan, err := h.exports.Prepare(ctx, q)
	if err != nil {
		return ExportJobItem{}, err
	}
	now := h.clock.Now()
	if err := h.failStale(ctx, q.Principal.ID, now); err != nil {
		return ExportJobItem{}, err
	}
	j := ports.ExportJob{ID: auth.HashToken(auth.NewToken())[:24], StaffID: q.Principal.ID, Role: string(q.Principal.Role),
		Address: q.Principal.Address, List: q.List, Format: q.Format, Params: q.Params, State: ports.ExportQueued,
		RowsTotal: plan.Total, CreatedAt: now, UpdatedAt: now, ExpiresAt: now.Add(h.opts.Keep)}
	create := func(ctx context.Context) error {
		if err := h.jobs.Create(ctx, j); err != nil {
			return err
		}
		return h.exports.Record(ctx, q, plan, "，后台导出任务")
	}
	if h.tx != nil {
		err = h.tx.InTx(ctx, create)
	} else {
		err = create(ctx)
	}
	if err != nil {
		return ExportJobItem{}, err
	}
	select {
	case h.wake <- struct{}{}:
	default:
	}
	return h.item(j), nil
}

// List returns the principal's own jobs, newest first.
func (h *ExportJobsHandler) List(ctx context.Context, p access.Principal) ([]ExportJobItem, error) {
	if err := access.Authorize(h.authz, p, access.ReadOwnExportJobs, ""); err != nil {
		return nil, err
	}
	if h.jobs == nil {
		return []ExportJobItem{}, nil
	}
	jobs, err := h.jobs.ListByStaff(ctx, p.ID, exportJobsListed)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := make([]ExportJobItem, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, h.item(j))
	}
	return out, nil
}

// Get returns one of the principal's jobs (another's is NotFound).
func (h *ExportJobsHandler) Get(ctx context.Context, p access.Principal, id string) (ExportJobItem, error) {
	if err := access.Authorize(h.authz, p, access.ReadOwnExportJobs, ""); err != nil {
		return ExportJobItem{}, err
	}
	if h.jobs == nil {
		return ExportJobItem{}, apperr.NotFound("export_job_not_found", "导出任务不存在")
	}
	j, err := h.jobs.Get(ctx, id)
	if err != nil {
		return ExportJobItem{}, err
	}
	if j.StaffID != p.ID {
		return ExportJobItem{}, apperr.NotFound("export_job_not_found", "导出任务不存在")
	}
	return h.item(j), nil
}

// File opens the file of one of the principal's finished jobs.
func (h *ExportJobsHandler) File(ctx context.Context, p access.Principal, id string) (io.ReadCloser, ExportJobItem,
	error) {
	it, err := h.Get(ctx, p, id)
	if err != nil {
		return nil, ExportJobItem{}, err
	}
	if it.State != ports.ExportDone || !it.ExpiresAt.After(h.clock.Now()) {
		return nil, ExportJobItem{}, apperr.Conflict("export_not_ready", "该导出任务尚未完成或文件已过期")
	}
	rc, err := h.files.Open(ctx, it.FileKey)
	if err != nil {
		return nil, ExportJobItem{}, apperr.Internal(err)
	}
	return rc, it, nil
}

// exportFileKey is where a job's file is kept.
func exportFileKey(j ports.ExportJob) string { return fmt.Sprintf("exports/%s.%s", j.ID, j.Format) }

// exportStaleAfter is how long a running job may go without progress before a
// new export of its staff member ends it as failed (its runner died).
const exportStaleAfter = 15 * time.Minute

// failStale ends the staff member's unfinished job that has shown no progress
// for exportStaleAfter (an instance stopped while running it), so that it
// does not block the next export.
func (h *ExportJobsHandler) failStale(ctx context.Context, staffID string, now time.Time) error {
	jobs, err := h.jobs.ListByStaff(ctx, staffID, 1)
	if err != nil {
		return apperr.Internal(err)
	}
	for _, j := range jobs {
		if j.Unfinished() && now.Sub(j.UpdatedAt) > exportStaleAfter {
			if err := h.jobs.Finish(ctx, j.ID, ports.ExportFailed, "", "导出任务中断，请重新导出", j.RowsDone, now,
				now.Add(h.opts.Keep)); err != nil {
				return apperr.Internal(err)
			}
		}
	}
	return nil
}
