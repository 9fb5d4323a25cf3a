package bunstore

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// DeleteCreated deletes the members the batch created, a chunk at a time:
// their registry rows leave the facet counts and (SQLite) the full-text
// index, then the members go with everything that references them (ON
// DELETE CASCADE: application, history, registry row, batch row …).
func (x *LegacyImports) DeleteCreated(ctx context.Context, batchID string) (int, error) {
	n := 0
	err := x.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		counts := deltasOf(ctx)
		for {
			var ids []string
			err := tx.NewSelect().TableExpr("import_batch_members").Column("member_id").
				Where("batch_id = ?", batchID).Where("created").OrderExpr("seq").Limit(500).Scan(ctx, &ids)
			if err != nil {
				return fmt.Errorf("bunstore: undo import: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			if err := x.unfile(ctx, tx, ids, counts); err != nil {
				return err
			}
			if _, err := tx.NewDelete().TableExpr("members").Where("id IN (?)", bun.List(ids)).Exec(ctx); err != nil {
				return fmt.Errorf("bunstore: undo import: delete members: %w", err)
			}
			n += len(ids)
		}
		if counts.direct {
			return counts.apply(ctx, tx)
		}
		return nil
	})
	return n, err
}

// unfile takes members out of the registry's counts and full-text index.
func (x *LegacyImports) unfile(ctx context.Context, tx bun.Tx, ids []string, counts *deltas) error {
	cols := []string{"kind", "level", "status", "fee_state", "province", "industry", "joined_year", "valid_until"}
	if !x.db.postgres {
		cols = append(cols, "seq")
	}
	var rows []searchRow
	if err := tx.NewSelect().Model(&rows).Column(cols...).Where("member_id IN (?)", bun.List(ids)).
		Scan(ctx); err != nil {
		return fmt.Errorf("bunstore: undo import: registry rows: %w", err)
	}
	seqs := make([]int64, 0, len(rows))
	for i := range rows {
		counts.add(rows[i].facetValues(), rows[i].validityDay(), -1)
		seqs = append(seqs, rows[i].Seq)
	}
	if x.db.postgres || len(seqs) == 0 {
		return nil
	}
	if _, err := tx.NewRaw("DELETE FROM member_search_fts WHERE rowid IN (?)", bun.List(seqs)).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: undo import: full-text rows: %w", err)
	}
	return nil
}
