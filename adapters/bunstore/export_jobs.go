package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// exportJobRow is one background export (export_jobs, migration 0018).
type exportJobRow struct {
	bun.BaseModel `bun:"table:export_jobs"`

	ID         string    `bun:"id,pk"`
	StaffID    string    `bun:"staff_id"`
	Role       string    `bun:"role"`
	Address    string    `bun:"address"`
	List       string    `bun:"list"`
	Format     string    `bun:"format"`
	Params     string    `bun:"params"`
	State      string    `bun:"state"`
	RowsDone   int       `bun:"rows_done"`
	RowsTotal  int       `bun:"rows_total"`
	FileKey    string    `bun:"file_key"`
	Error      string    `bun:"error"`
	CreatedAt  time.Time `bun:"created_at"`
	UpdatedAt  time.Time `bun:"updated_at"`
	FinishedAt time.Time `bun:"finished_at,nullzero"`
	ExpiresAt  time.Time `bun:"expires_at"`
}

func (r exportJobRow) job() (ports.ExportJob, error) {
	var params map[string]string
	if err := json.Unmarshal([]byte(r.Params), &params); err != nil {
		return ports.ExportJob{}, fmt.Errorf("bunstore: export job %s params: %w", r.ID, err)
	}
	return ports.ExportJob{ID: r.ID, StaffID: r.StaffID, Role: r.Role, Address: r.Address, List: r.List,
		Format: r.Format, Params: params, State: r.State, RowsDone: r.RowsDone, RowsTotal: r.RowsTotal,
		FileKey: r.FileKey, Error: r.Error, CreatedAt: loadedTime(r.CreatedAt), UpdatedAt: loadedTime(r.UpdatedAt),
		FinishedAt: loadedTime(r.FinishedAt), ExpiresAt: loadedTime(r.ExpiresAt)}, nil
}

// ExportJobs keeps the background exports; it implements ports.ExportJobs.
type ExportJobs struct{ db *DB }

var _ ports.ExportJobs = (*ExportJobs)(nil)

// NewExportJobs returns the export jobs' store.
func NewExportJobs(db *DB) *ExportJobs { return &ExportJobs{db: db} }

var exportJobUnfinishedKey = uniqueKey{"export_jobs_one_unfinished", "export_jobs.staff_id", func() error {
	return apperr.Conflict("export_running", "您已有一个导出任务正在进行，请等它完成后再导出")
}}

// Create stores a queued job (one unfinished job per staff account).
func (x *ExportJobs) Create(ctx context.Context, j ports.ExportJob) error {
	params, err := json.Marshal(j.Params)
	if err != nil {
		return fmt.Errorf("bunstore: export job params: %w", err)
	}
	row := &exportJobRow{ID: j.ID, StaffID: j.StaffID, Role: j.Role, Address: j.Address, List: j.List,
		Format: j.Format, Params: string(params), State: ports.ExportQueued, RowsTotal: j.RowsTotal,
		CreatedAt: storedTime(j.CreatedAt), UpdatedAt: storedTime(j.CreatedAt), ExpiresAt: storedTime(j.ExpiresAt)}
	if _, err := x.db.conn(ctx).NewInsert().Model(row).Exec(ctx); err != nil {
		if mapped := mapUnique(err, exportJobUnfinishedKey); mapped != err { //nolint:errorlint // identity: mapped or not
			return mapped
		}
		return fmt.Errorf("bunstore: create export job: %w", err)
	}
	return nil
}

// Get loads a job.
func (x *ExportJobs) Get(ctx context.Context, id string) (ports.ExportJob, error) {
	row := new(exportJobRow)
	if err := x.db.conn(ctx).NewSelect().Model(row).Where("id = ?", id).Scan(ctx); err != nil {
		return ports.ExportJob{}, notFound(err, "export_job_not_found", "导出任务不存在")
	}
	return row.job()
}

// ListByStaff returns a staff member's jobs, newest first.
func (x *ExportJobs) ListByStaff(ctx context.Context, staffID string, limit int) ([]ports.ExportJob, error) {
	var rows []exportJobRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("staff_id = ?", staffID).
		OrderExpr("created_at DESC, id DESC").Limit(max(limit, 1)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: list export jobs: %w", err)
	}
	return jobsOf(rows)
}

func jobsOf(rows []exportJobRow) ([]ports.ExportJob, error) {
	out := make([]ports.ExportJob, 0, len(rows))
	for _, r := range rows {
		j, err := r.job()
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// Claim moves the oldest queued job to running: an UPDATE that only succeeds
// on a row still queued, so two runners never claim the same job.
func (x *ExportJobs) Claim(ctx context.Context, now time.Time) (ports.ExportJob, bool, error) {
	for range 5 {
		var ids []string
		err := x.db.conn(ctx).NewSelect().Model((*exportJobRow)(nil)).Column("id").
			Where("state = ?", ports.ExportQueued).OrderExpr("created_at, id").Limit(1).Scan(ctx, &ids)
		if err != nil {
			return ports.ExportJob{}, false, fmt.Errorf("bunstore: claim export job: %w", err)
		}
		if len(ids) == 0 {
			return ports.ExportJob{}, false, nil
		}
		res, err := x.db.conn(ctx).NewUpdate().Model((*exportJobRow)(nil)).Set("state = ?", ports.ExportRunning).
			Set("updated_at = ?", storedTime(now)).Where("id = ?", ids[0]).Where("state = ?", ports.ExportQueued).
			Exec(ctx)
		if err != nil {
			return ports.ExportJob{}, false, fmt.Errorf("bunstore: claim export job: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			j, err := x.Get(ctx, ids[0])
			return j, err == nil, err
		}
	}
	return ports.ExportJob{}, false, nil
}

// Progress records the rows a running job wrote.
func (x *ExportJobs) Progress(ctx context.Context, id string, rowsDone int, now time.Time) error {
	_, err := x.db.conn(ctx).NewUpdate().Model((*exportJobRow)(nil)).Set("rows_done = ?", rowsDone).
		Set("updated_at = ?", storedTime(now)).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: export job progress: %w", err)
	}
	return nil
}

// Finish ends a job.
func (x *ExportJobs) Finish(ctx context.Context, id, state, fileKey, errMsg string, rowsDone int,
	now, expires time.Time) error {
	_, err := x.db.conn(ctx).NewUpdate().Model((*exportJobRow)(nil)).Set("state = ?", state).
		Set("file_key = ?", fileKey).Set("error = ?", errMsg).Set("rows_done = ?", rowsDone).
		Set("updated_at = ?", storedTime(now)).Set("finished_at = ?", storedTime(now)).
		Set("expires_at = ?", storedTime(expires)).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: finish export job: %w", err)
	}
	return nil
}

// Expired returns jobs past their expiry.
func (x *ExportJobs) Expired(ctx context.Context, now time.Time, limit int) ([]ports.ExportJob, error) {
	var rows []exportJobRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("expires_at <= ?", storedTime(now)).
		OrderExpr("expires_at").Limit(max(limit, 1)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: expired export jobs: %w", err)
	}
	return jobsOf(rows)
}

// Delete removes a job.
func (x *ExportJobs) Delete(ctx context.Context, id string) error {
	if _, err := x.db.conn(ctx).NewDelete().Model((*exportJobRow)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: delete export job: %w", err)
	}
	return nil
}
