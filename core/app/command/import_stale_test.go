package command_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// dyingStore stands for a process that dies after its first chunk: the
// second chunk never comes, nor does the batch's failure get recorded.
type dyingStore struct {
	ports.LegacyImports
	chunks int
}

var errDied = errors.New("the process died")

func (s *dyingStore) InsertMembers(ctx context.Context, batchID string, ms []*member.Member) error {
	if s.chunks++; s.chunks > 1 {
		return errDied
	}
	return s.LegacyImports.InsertMembers(ctx, batchID, ms)
}

func (s *dyingStore) SaveBatch(ctx context.Context, b ports.ImportBatch) error {
	if b.Status != ports.ImportRunning {
		return nil // dead: nothing more is written
	}
	return s.LegacyImports.SaveBatch(ctx, b)
}

// A batch whose process died mid-import shows 导入中 until it has gone
// 15 minutes without progress; then reading it marks it failed with a clear
// message, its written rows kept, and its undo removes them.
func TestInterruptedImportIsMarkedFailed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	rows := [][]string{header()}
	for i := range 600 {
		rows = append(rows, row(enterprise(i)))
	}
	f := csvFile(t, rows...)
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	deps := e.importDeps()
	deps.Store = &dyingStore{LegacyImports: e.store.LegacyImports()}
	_, err = command.NewCommitImportHandler(deps).Handle(e.ctx, command.CommitImport{Principal: admin, File: f,
		Key: rep.Key})
	require.ErrorIs(t, err, errDied)

	batches := query.NewImportBatchesHandler(e.store.LegacyImports(), e.policy, e.clock, 0)
	list, _, err := batches.List(e.ctx, query.ImportBatches{Principal: admin})
	require.NoError(t, err)
	require.Len(t, list, 1)
	id := list[0].ID
	assert.Equal(t, ports.ImportRunning, list[0].Status)
	assert.Equal(t, 500, list[0].Done, "the first chunk was written")

	undo := command.NewUndoImportHandler(e.importDeps())
	e.clock.Advance(14 * time.Minute)
	_, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: id})
	wantErr(t, err, apperr.KindConflict, "import_running")
	b, err := batches.Progress(e.ctx, admin, id)
	require.NoError(t, err)
	assert.Equal(t, ports.ImportRunning, b.Status, "14 minutes without progress: still running")

	e.clock.Advance(2 * time.Minute)
	b, err = batches.Progress(e.ctx, admin, id)
	require.NoError(t, err)
	assert.Equal(t, ports.ImportFailed, b.Status)
	assert.Contains(t, b.Error, "导入中断：超过15分钟没有进展")
	assert.Equal(t, 500, b.Done, "what was written is kept")
	assert.Equal(t, e.clock.Now().UTC(), b.FinishedAt.UTC())

	res, err := undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: id})
	require.NoError(t, err)
	assert.Equal(t, 500, res.Removed, "undo removes the written rows")
	_, n, err := e.store.LegacyImports().Members(e.ctx, id, false, 0, 1)
	require.NoError(t, err)
	assert.Zero(t, n, "none of the batch's members is left")
}
