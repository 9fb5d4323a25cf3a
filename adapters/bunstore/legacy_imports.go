package bunstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// LegacyImports stores 导入老会员's batches (import_batches,
// import_batch_members); it implements ports.LegacyImports. Its writes join
// the transaction in ctx.
type LegacyImports struct{ db *DB }

var _ ports.LegacyImports = (*LegacyImports)(nil)

// NewLegacyImports returns the store of import batches.
func NewLegacyImports(db *DB) *LegacyImports { return &LegacyImports{db: db} }

// importBatchRow is the stored form of ports.ImportBatch.
type importBatchRow struct {
	bun.BaseModel `bun:"table:import_batches"`

	ID         string    `bun:"id,pk"`
	Seq        int       `bun:"seq"`
	PreviewKey string    `bun:"preview_key"`
	FileName   string    `bun:"file_name"`
	StaffID    string    `bun:"staff_id"`
	StaffName  string    `bun:"staff_name"`
	Status     string    `bun:"status"`
	Total      int       `bun:"total"`
	Done       int       `bun:"done"`
	Created    int       `bun:"created"`
	Updated    int       `bun:"updated"`
	Error      string    `bun:"error"`
	StartedAt  time.Time `bun:"started_at"`
	FinishedAt time.Time `bun:"finished_at,nullzero"`
	ProgressAt time.Time `bun:"progress_at,nullzero"`
}

func (r importBatchRow) batch() ports.ImportBatch {
	return ports.ImportBatch{ID: r.ID, Seq: r.Seq, PreviewKey: r.PreviewKey, FileName: r.FileName, StaffID: r.StaffID,
		StaffName: r.StaffName, Status: r.Status, Total: r.Total, Done: r.Done, Created: r.Created,
		Updated: r.Updated, Error: r.Error, StartedAt: loadedTime(r.StartedAt), FinishedAt: loadedTime(r.FinishedAt),
		ProgressAt: loadedTime(r.ProgressAt)}
}

func batchRow(b ports.ImportBatch) *importBatchRow {
	return &importBatchRow{ID: b.ID, Seq: b.Seq, PreviewKey: b.PreviewKey, FileName: b.FileName, StaffID: b.StaffID,
		StaffName: b.StaffName, Status: b.Status, Total: b.Total, Done: b.Done, Created: b.Created,
		Updated: b.Updated, Error: b.Error, StartedAt: storedTime(b.StartedAt), FinishedAt: storedTime(b.FinishedAt),
		ProgressAt: storedTime(b.ProgressAt)}
}

// importMemberRow is the stored form of ports.ImportedMember.
type importMemberRow struct {
	bun.BaseModel `bun:"table:import_batch_members"`

	Seq        int64     `bun:"seq,pk,autoincrement"`
	BatchID    string    `bun:"batch_id"`
	MemberID   string    `bun:"member_id"`
	Created    bool      `bun:"created"`
	Version    int64     `bun:"version"`
	Prior      string    `bun:"prior"`
	LoggedInAt time.Time `bun:"logged_in_at,nullzero"`
}

// Match returns the members holding any of the keys, a query per key.
func (x *LegacyImports) Match(ctx context.Context, keys []legacyimport.Keys) ([]ports.ImportMatch, error) {
	var numbers, emails, names, regNos []string
	for _, k := range keys {
		for _, p := range []struct {
			list *[]string
			v    string
		}{{&numbers, k.Number}, {&emails, k.Email}, {&names, k.Name}, {&regNos, k.RegNo}} {
			if p.v != "" {
				*p.list = append(*p.list, p.v)
			}
		}
	}
	var out []ports.ImportMatch
	// Each query uses an index (a scan per chunk would make an import
	// quadratic): members_number_unique, members_email_unique,
	// members_name_unique (kind, name: hence the kind), the partial
	// member_search_uscc_idx (hence uscc <> '') and applications_id_number_idx.
	queries := []struct {
		key, col, table, extra string
		values                 []string
	}{
		{"number", "m.number", "", "", numbers}, {"email", "m.email", "", "", emails},
		{"name", "m.name", "", "m.kind IN ('enterprise', 'individual')", names},
		{"reg_no", "s.uscc", "JOIN member_search AS s ON s.member_id = m.id", "s.uscc <> ''", regNos},
		{"reg_no", x.idNumberExpr(), "JOIN applications AS a ON a.member_id = m.id", "", regNos},
	}
	err := x.db.unmappedRead(ctx, func(ctx context.Context, conn bun.IDB) error { // see unmapped.go
		for _, q := range queries {
			if len(q.values) == 0 {
				continue
			}
			var rows []struct {
				ID    string `bun:"id"`
				Kind  string `bun:"kind"`
				Value string `bun:"value"`
			}
			sq := conn.NewSelect().TableExpr("members AS m").ColumnExpr("m.id, m.kind").
				ColumnExpr(q.col+" AS value").Join(q.table).Where(q.col+" IN (?)", bun.List(q.values))
			if q.extra != "" {
				sq = sq.Where(q.extra)
			}
			if err := sq.Scan(ctx, &rows); err != nil {
				return fmt.Errorf("bunstore: match imported members: %w", err)
			}
			for _, r := range rows {
				out = append(out, ports.ImportMatch{Key: q.key, Value: r.Value, Kind: member.Kind(r.Kind), MemberID: r.ID})
			}
		}
		return nil
	})
	return out, err
}

// idNumberExpr is the indexed expression of an application's ID number.
func (x *LegacyImports) idNumberExpr() string {
	if x.db.postgres {
		return "((a.form::jsonb) ->> 'id_number')"
	}
	return "json_extract(a.form, '$.id_number')"
}

// StartBatch stores a new running batch numbered after the last.
func (x *LegacyImports) StartBatch(ctx context.Context, b *ports.ImportBatch) error {
	return x.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		prev := new(importBatchRow)
		err := tx.NewSelect().Model(prev).Where("preview_key = ?", b.PreviewKey).Limit(1).Scan(ctx)
		if err == nil {
			return errImportCommitted(prev.Seq)
		}
		if !errors.Is(err, errNoRows) {
			return fmt.Errorf("bunstore: start import batch: %w", err)
		}
		var seq int64
		if err := tx.NewRaw(`INSERT INTO sequences (scope, value) VALUES ('import_batch', 1)
ON CONFLICT (scope) DO UPDATE SET value = sequences.value + 1 RETURNING value`).Scan(ctx, &seq); err != nil {
			return fmt.Errorf("bunstore: number import batch: %w", err)
		}
		b.ID, b.Seq = id.New(b.StartedAt), int(seq)
		if _, err := tx.NewInsert().Model(batchRow(*b)).Exec(ctx); err != nil {
			return mapUnique(err, importPreviewKey)
		}
		return nil
	})
}

// importPreviewKey is the one batch of a preview (a commit racing another).
var importPreviewKey = uniqueKey{"import_batches_preview_key_key", "import_batches.preview_key", func() error {
	return apperr.Conflict("import_committed", "该预览正在导入，请勿重复提交")
}}

func errImportCommitted(seq int) error {
	return apperr.Conflict("import_committed", fmt.Sprintf("该预览已经确认导入过（第%d批），请勿重复提交", seq))
}

// SaveBatch writes a batch's status and counters.
func (x *LegacyImports) SaveBatch(ctx context.Context, b ports.ImportBatch) error {
	_, err := x.db.conn(ctx).NewUpdate().Model(batchRow(b)).
		Column("status", "total", "done", "created", "updated", "error", "finished_at", "progress_at").WherePK().
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save import batch: %w", err)
	}
	return nil
}

// GetBatch loads a batch.
func (x *LegacyImports) GetBatch(ctx context.Context, batchID string) (ports.ImportBatch, error) {
	row := new(importBatchRow)
	if err := x.db.conn(ctx).NewSelect().Model(row).Where("id = ?", batchID).Scan(ctx); err != nil {
		return ports.ImportBatch{}, notFound(err, "import_batch_not_found", "导入批次不存在")
	}
	return row.batch(), nil
}

// ListBatches returns a page of the batches, newest first.
func (x *LegacyImports) ListBatches(ctx context.Context, offset, limit int) ([]ports.ImportBatch, int, error) {
	var rows []importBatchRow
	n, err := x.db.conn(ctx).NewSelect().Model(&rows).Order("seq DESC").Offset(offset).Limit(limit).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list import batches: %w", err)
	}
	out := make([]ports.ImportBatch, len(rows))
	for i, r := range rows {
		out[i] = r.batch()
	}
	return out, n, nil
}

// FailStale marks failed the running batches without progress since before.
func (x *LegacyImports) FailStale(ctx context.Context, before, at time.Time, message string) (int, error) {
	res, err := x.db.conn(ctx).NewUpdate().Model((*importBatchRow)(nil)).
		Set("status = ?", ports.ImportFailed).Set("error = ?", message).Set("finished_at = ?", storedTime(at)).
		Where("status = ?", ports.ImportRunning).Where("COALESCE(progress_at, started_at) < ?", storedTime(before)).
		Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("bunstore: fail stale import batches: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("bunstore: fail stale import batches: %w", err)
	}
	return int(n), nil
}
