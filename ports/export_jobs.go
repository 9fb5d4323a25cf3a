package ports

import (
	"context"
	"time"
)

// The states of an export job (导出任务).
const (
	ExportQueued  = "queued"  // waiting for the runner
	ExportRunning = "running" // being written
	ExportDone    = "done"    // the file is ready to download until ExpiresAt
	ExportFailed  = "failed"  // Error says why
)

// ExportJob is a large export (导出) written in the background: which list,
// filters and format, for whom, how far it got and where its file is.
type ExportJob struct {
	ID      string
	StaffID string
	// Role and Address are the staff member's when it asked: the runner
	// authorizes the export again as that principal.
	Role    string
	Address string
	List    string
	Format  string
	Params  map[string]string
	State   string
	// RowsDone counts the rows written so far, RowsTotal those the filters
	// selected when the job was asked for.
	RowsDone, RowsTotal int
	// FileKey is the file's key in the FileStore once done.
	FileKey string
	Error   string
	// CreatedAt, UpdatedAt (the last progress) and FinishedAt; ExpiresAt is
	// when the clean-up deletes the job and its file.
	CreatedAt, UpdatedAt, FinishedAt, ExpiresAt time.Time
}

// Unfinished reports whether the job is queued or running.
func (j ExportJob) Unfinished() bool { return j.State == ExportQueued || j.State == ExportRunning }

// ExportJobs keeps the background export jobs. Lookups of a missing job are an
// apperr NotFound error.
type ExportJobs interface {
	// Create stores a queued job. A staff account that has a queued or running
	// job already is an apperr Conflict (one job at a time per staff member).
	Create(ctx context.Context, j ExportJob) error
	// Get loads a job.
	Get(ctx context.Context, id string) (ExportJob, error)
	// ListByStaff returns a staff member's jobs, newest first, at most limit.
	ListByStaff(ctx context.Context, staffID string, limit int) ([]ExportJob, error)
	// Claim moves the oldest queued job to running (at now) and returns it;
	// false when none is queued. Two runners never claim the same job.
	Claim(ctx context.Context, now time.Time) (ExportJob, bool, error)
	// Progress records how many rows a running job wrote.
	Progress(ctx context.Context, id string, rowsDone int, now time.Time) error
	// Finish ends a job: done with its file, or failed with the error. The
	// job is kept (and its file) until expires.
	Finish(ctx context.Context, id, state, fileKey, errMsg string, rowsDone int, now, expires time.Time) error
	// Expired returns up to limit jobs whose ExpiresAt is at or before now.
	Expired(ctx context.Context, now time.Time, limit int) ([]ExportJob, error)
	// Delete removes a job (a missing one is not an error).
	Delete(ctx context.Context, id string) error
}
