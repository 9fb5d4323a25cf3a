package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// RunExportJobs checks a ports.ExportJobs implementation (导出任务).
func RunExportJobs(t *testing.T, newJobs func(t *testing.T) ports.ExportJobs) {
	run(t, "lifecycle", func(t *testing.T) { exportJobLifecycle(t, newJobs(t)) })
	run(t, "one unfinished job per staff", func(t *testing.T) { exportJobOneAtATime(t, newJobs(t)) })
	run(t, "expiry", func(t *testing.T) { exportJobExpiry(t, newJobs(t)) })
}

func newExportJob(id, staffID string, at time.Time) ports.ExportJob {
	return ports.ExportJob{ID: id, StaffID: staffID, Role: "finance", Address: "10.0.0.1", List: "payments",
		Format: "xlsx", Params: map[string]string{"status": "confirmed"}, RowsTotal: 6000, CreatedAt: at,
		ExpiresAt: at.Add(24 * time.Hour)}
}

func exportJobLifecycle(t *testing.T, jobs ports.ExportJobs) {
	ctx, now := context.Background(), epoch()
	require.NoError(t, jobs.Create(ctx, newExportJob("j1", "s1", now)))
	require.NoError(t, jobs.Create(ctx, newExportJob("j2", "s2", now.Add(time.Second))))
	_, err := jobs.Get(ctx, "nope")
	requireKind(t, err, apperr.KindNotFound)

	j, ok, err := jobs.Claim(ctx, now.Add(time.Minute))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "j1", j.ID, "the oldest queued job first")
	assert.Equal(t, ports.ExportRunning, j.State)
	assert.Equal(t, map[string]string{"status": "confirmed"}, j.Params)
	assert.Equal(t, "10.0.0.1", j.Address)
	sameInstant(t, now, j.CreatedAt, "created_at")

	require.NoError(t, jobs.Progress(ctx, "j1", 500, now.Add(2*time.Minute)))
	got, err := jobs.Get(ctx, "j1")
	require.NoError(t, err)
	assert.Equal(t, 500, got.RowsDone)
	assert.Equal(t, 6000, got.RowsTotal)

	require.NoError(t, jobs.Finish(ctx, "j1", ports.ExportDone, "exports/j1.xlsx", "", 6000, now.Add(3*time.Minute),
		now.Add(time.Hour)))
	got, err = jobs.Get(ctx, "j1")
	require.NoError(t, err)
	assert.Equal(t, ports.ExportDone, got.State)
	assert.Equal(t, "exports/j1.xlsx", got.FileKey)
	sameInstant(t, now.Add(3*time.Minute), got.FinishedAt, "finished_at")
	sameInstant(t, now.Add(time.Hour), got.ExpiresAt, "expires_at")

	j, ok, err = jobs.Claim(ctx, now)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "j2", j.ID)
	_, ok, err = jobs.Claim(ctx, now)
	require.NoError(t, err)
	assert.False(t, ok, "nothing queued any more")
}

func exportJobOneAtATime(t *testing.T, jobs ports.ExportJobs) {
	ctx, now := context.Background(), epoch()
	require.NoError(t, jobs.Create(ctx, newExportJob("a1", "s1", now)))
	err := jobs.Create(ctx, newExportJob("a2", "s1", now.Add(time.Second)))
	requireKind(t, err, apperr.KindConflict)
	require.NoError(t, jobs.Finish(ctx, "a1", ports.ExportFailed, "", "boom", 0, now, now.Add(time.Hour)))
	require.NoError(t, jobs.Create(ctx, newExportJob("a3", "s1", now.Add(2*time.Second))), "a finished job frees the slot")
	list, err := jobs.ListByStaff(ctx, "s1", 10)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "a3", list[0].ID, "newest first")
	assert.Equal(t, "boom", list[1].Error)
	list, err = jobs.ListByStaff(ctx, "s2", 10)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func exportJobExpiry(t *testing.T, jobs ports.ExportJobs) {
	ctx, now := context.Background(), epoch()
	require.NoError(t, jobs.Create(ctx, newExportJob("e1", "s1", now)))
	require.NoError(t, jobs.Finish(ctx, "e1", ports.ExportDone, "k", "", 1, now, now.Add(time.Hour)))
	require.NoError(t, jobs.Create(ctx, newExportJob("e2", "s2", now)))
	got, err := jobs.Expired(ctx, now.Add(59*time.Minute), 10)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = jobs.Expired(ctx, now.Add(time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "e1", got[0].ID)
	require.NoError(t, jobs.Delete(ctx, "e1"))
	require.NoError(t, jobs.Delete(ctx, "e1"), "deleting twice is no error")
	_, err = jobs.Get(ctx, "e1")
	requireKind(t, err, apperr.KindNotFound)
}
