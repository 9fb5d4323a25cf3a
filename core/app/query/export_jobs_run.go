package query

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// RunNext runs the oldest queued job, if any, and reports whether there was
// one: it checks the export again as the staff member who asked (its role
// then), streams it into the file store through a pipe (memory stays flat:
// the rows go from the store's pages through the sheet writer into the file),
// records the progress every ExportProgressEvery rows and finishes the job as
// done or failed (with a message for the staff member; the cause is
// returned).
func (h *ExportJobsHandler) RunNext(ctx context.Context) (bool, error) {
	if h.jobs == nil || h.newSheet == nil {
		return false, nil
	}
	j, ok, err := h.jobs.Claim(ctx, h.clock.Now())
	if err != nil || !ok {
		return false, err
	}
	rows, runErr := h.run(ctx, j)
	state, key, msg := ports.ExportDone, exportFileKey(j), ""
	if runErr != nil {
		state, key, msg = ports.ExportFailed, "", "导出失败，请稍后重试"
		if e := apperr.As(runErr); e != nil && e.Kind != apperr.KindInternal {
			msg = e.Message
		}
		_ = h.files.Delete(ctx, exportFileKey(j))
	}
	now := h.clock.Now()
	if err := h.jobs.Finish(ctx, j.ID, state, key, msg, rows, now, now.Add(h.opts.Keep)); err != nil {
		return true, errors.Join(runErr, fmt.Errorf("export job %s: finish: %w", j.ID, err))
	}
	if runErr != nil {
		return true, fmt.Errorf("export job %s: %w", j.ID, runErr)
	}
	return true, nil
}

// run writes a job's file and returns how many rows it wrote.
func (h *ExportJobsHandler) run(ctx context.Context, j ports.ExportJob) (int, error) {
	q := ListExport{Principal: access.Principal{Kind: access.PrincipalStaff, ID: j.StaffID, Role: access.Role(j.Role),
		Address: j.Address}, List: j.List, Format: j.Format, Params: j.Params}
	plan, err := h.exports.Prepare(ctx, q)
	if err != nil {
		return 0, err
	}
	pr, pw := io.Pipe()
	type result struct {
		rows int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		n, err := h.writeSheet(ctx, j, plan, pw)
		_ = pw.CloseWithError(err)
		done <- result{n, err}
	}()
	putErr := h.files.Put(ctx, exportFileKey(j), pr)
	_ = pr.CloseWithError(errors.Join(putErr, io.ErrClosedPipe)) // unblocks the writer when Put gave up
	r := <-done
	if r.err != nil {
		return r.rows, r.err
	}
	if putErr != nil {
		return r.rows, fmt.Errorf("store file: %w", putErr)
	}
	return r.rows, nil
}

// writeSheet streams the plan as a file of the job's format to out.
func (h *ExportJobsHandler) writeSheet(ctx context.Context, j ports.ExportJob, plan ExportPlan, out io.Writer) (int,
	error) {
	sw, err := h.newSheet(j.Format, out, plan.Title)
	if err != nil {
		return 0, fmt.Errorf("sheet: %w", err)
	}
	n, err := h.exports.Stream(ctx, plan, sw, func(done int) error {
		return h.jobs.Progress(ctx, j.ID, done, h.clock.Now())
	})
	return n, errors.Join(err, sw.Close())
}

// Cleanup deletes the jobs past their expiry and their files, and returns how
// many it deleted (the module's clean-up loop calls it).
func (h *ExportJobsHandler) Cleanup(ctx context.Context, log *slog.Logger) (int, error) {
	if h.jobs == nil {
		return 0, nil
	}
	expired, err := h.jobs.Expired(ctx, h.clock.Now(), 100)
	if err != nil {
		return 0, fmt.Errorf("expired export jobs: %w", err)
	}
	n := 0
	for _, j := range expired {
		if j.Unfinished() {
			continue // a job still running keeps its row; it gets a new expiry when it ends
		}
		if j.FileKey != "" {
			if err := h.files.Delete(ctx, j.FileKey); err != nil {
				if log != nil {
					log.Warn("export job: delete file", "job", j.ID, "err", err)
				}
				continue
			}
		}
		if err := h.jobs.Delete(ctx, j.ID); err != nil {
			return n, fmt.Errorf("delete export job %s: %w", j.ID, err)
		}
		n++
	}
	return n, nil
}
