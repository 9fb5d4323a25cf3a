package memstore

import (
	"context"
	"maps"
	"sort"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// ExportJobs keeps the background exports; it implements ports.ExportJobs.
type ExportJobs struct{ s *Store }

var _ ports.ExportJobs = (*ExportJobs)(nil)

// ExportJobs returns the background exports' store.
func (s *Store) ExportJobs() *ExportJobs { return &ExportJobs{s: s} }

func copyJob(j ports.ExportJob) ports.ExportJob {
	j.Params = maps.Clone(j.Params)
	for _, t := range []*time.Time{&j.CreatedAt, &j.UpdatedAt, &j.FinishedAt, &j.ExpiresAt} {
		*t = storedTime(*t)
	}
	return j
}

// Create stores a queued job (one unfinished job per staff account).
func (x *ExportJobs) Create(ctx context.Context, j ports.ExportJob) error {
	return x.s.write(ctx, true, "ExportJobs.Create", func(d *data) error {
		for _, other := range d.exportJobs.all() {
			if other.StaffID == j.StaffID && other.Unfinished() {
				return apperr.Conflict("export_running", "您已有一个导出任务正在进行，请等它完成后再导出")
			}
		}
		j = copyJob(j)
		j.State, j.UpdatedAt = ports.ExportQueued, j.CreatedAt
		d.exportJobs.put(j.ID, j)
		return nil
	})
}

// Get loads a job.
func (x *ExportJobs) Get(ctx context.Context, id string) (ports.ExportJob, error) {
	var j ports.ExportJob
	err := x.s.read(ctx, true, func(d *data) error {
		got, ok := d.exportJobs.get(id)
		if !ok {
			return apperr.NotFound("export_job_not_found", "导出任务不存在")
		}
		j = copyJob(got)
		return nil
	})
	return j, err
}

// sorted returns the jobs match keeps, by created_at (newest first when desc).
func sorted(d *data, match func(ports.ExportJob) bool, desc bool) []ports.ExportJob {
	var out []ports.ExportJob
	for _, j := range d.exportJobs.all() {
		if match(j) {
			out = append(out, copyJob(j))
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if !out[a].CreatedAt.Equal(out[b].CreatedAt) {
			return out[a].CreatedAt.Before(out[b].CreatedAt) != desc
		}
		return (out[a].ID < out[b].ID) != desc
	})
	return out
}

// ListByStaff returns a staff member's jobs, newest first.
func (x *ExportJobs) ListByStaff(ctx context.Context, staffID string, limit int) ([]ports.ExportJob, error) {
	var out []ports.ExportJob
	err := x.s.read(ctx, true, func(d *data) error {
		out = sorted(d, func(j ports.ExportJob) bool { return j.StaffID == staffID }, true)
		out = out[:min(len(out), max(limit, 1))]
		return nil
	})
	return out, err
}

// Claim moves the oldest queued job to running.
func (x *ExportJobs) Claim(ctx context.Context, now time.Time) (ports.ExportJob, bool, error) {
	var (
		j  ports.ExportJob
		ok bool
	)
	err := x.s.write(ctx, true, "ExportJobs.Claim", func(d *data) error {
		queued := sorted(d, func(j ports.ExportJob) bool { return j.State == ports.ExportQueued }, false)
		if len(queued) == 0 {
			return nil
		}
		j, ok = queued[0], true
		j.State, j.UpdatedAt = ports.ExportRunning, storedTime(now)
		d.exportJobs.put(j.ID, j)
		return nil
	})
	return j, ok, err
}

// update changes a stored job (a missing one is left alone).
func (x *ExportJobs) update(ctx context.Context, id string, fn func(j *ports.ExportJob)) error {
	return x.s.write(ctx, true, "ExportJobs.update", func(d *data) error {
		j, ok := d.exportJobs.get(id)
		if !ok {
			return nil
		}
		fn(&j)
		d.exportJobs.put(id, copyJob(j))
		return nil
	})
}

// Progress records the rows a running job wrote.
func (x *ExportJobs) Progress(ctx context.Context, id string, rowsDone int, now time.Time) error {
	return x.update(ctx, id, func(j *ports.ExportJob) { j.RowsDone, j.UpdatedAt = rowsDone, now })
}

// Finish ends a job.
func (x *ExportJobs) Finish(ctx context.Context, id, state, fileKey, errMsg string, rowsDone int,
	now, expires time.Time) error {
	return x.update(ctx, id, func(j *ports.ExportJob) {
		j.State, j.FileKey, j.Error, j.RowsDone = state, fileKey, errMsg, rowsDone
		j.UpdatedAt, j.FinishedAt, j.ExpiresAt = now, now, expires
	})
}

// Expired returns jobs past their expiry.
func (x *ExportJobs) Expired(ctx context.Context, now time.Time, limit int) ([]ports.ExportJob, error) {
	var out []ports.ExportJob
	err := x.s.read(ctx, true, func(d *data) error {
		out = sorted(d, func(j ports.ExportJob) bool { return !j.ExpiresAt.After(now) }, false)
		out = out[:min(len(out), max(limit, 1))]
		return nil
	})
	return out, err
}

// Delete removes a job.
func (x *ExportJobs) Delete(ctx context.Context, id string) error {
	return x.s.write(ctx, true, "ExportJobs.Delete", func(d *data) error {
		d.exportJobs.del(id)
		return nil
	})
}
