package bunstore

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
)

// refileBatch is how many members refileMembers files per transaction.
const refileBatch = 500

// refileMembers files in the registry every member that is not filed yet, or
// was filed by an older memberindex.Version or in another time zone — after
// the migration that created the registry, after an upgrade, after
// SetTimeZone changed — in batches of short transactions, then counts every
// member anew if it filed any. Migrate runs it; with nothing to do it reads
// the members' ids once.
func (db *DB) refileMembers(ctx context.Context) error {
	key, after, filed := db.searchKey(), "", 0
	for {
		var ids []string
		// Without the memory map (unmapped.go): with nothing to refile this
		// reads every member once, which would otherwise stay mapped.
		err := db.unmappedRead(ctx, func(ctx context.Context, conn bun.IDB) error {
			return conn.NewSelect().TableExpr("members AS m").ColumnExpr("m.id").
				Join("LEFT JOIN member_search AS s ON s.member_id = m.id").
				Where("m.id > ?", after).Where("(s.member_id IS NULL OR s.search_key <> ?)", key).
				OrderExpr("m.id").Limit(refileBatch).Scan(ctx, &ids)
		})
		if err != nil {
			return fmt.Errorf("bunstore: refile members: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		if err := db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return db.refile(ctx, tx, ids)
		}); err != nil {
			return err
		}
		filed += len(ids)
		after = ids[len(ids)-1]
	}
	if filed == 0 {
		return nil
	}
	return db.rebuildCounts(ctx)
}

// refile files the members with the given ids again (counts aside).
func (db *DB) refile(ctx context.Context, tx bun.Tx, ids []string) error {
	var rows []*memberRow
	if err := tx.NewSelect().Model(&rows).Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return fmt.Errorf("bunstore: refile members: %w", err)
	}
	ms, err := loadMembers(ctx, tx, rows)
	if err != nil {
		return err
	}
	var open []string
	err = tx.NewSelect().TableExpr("payments").ColumnExpr("DISTINCT member_id").
		Where("member_id IN (?)", bun.List(ids)).Where("status = ?", string(payment.StatusOpen)).
		Where("method IN (?, ?)", string(payment.MethodTransfer), string(payment.MethodVoucher)).Scan(ctx, &open)
	if err != nil {
		return fmt.Errorf("bunstore: refile members: open claims: %w", err)
	}
	claims := make(map[string]bool, len(open))
	for _, id := range open {
		claims[id] = true
	}
	search := make([]*searchRow, len(ms))
	for i, m := range ms {
		search[i] = db.newSearchRow(memberindex.New(m.Snapshot(), claims[m.ID()], db.timeZone()))
	}
	q := tx.NewInsert().Model(&search).On("CONFLICT (member_id) DO UPDATE")
	for _, c := range searchColumns {
		q = q.Set(c + " = EXCLUDED." + c)
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: refile members: %w", err)
	}
	return db.indexTerms(ctx, tx, search)
}
