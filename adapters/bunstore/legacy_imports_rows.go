package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// InsertMembers stores new members of a batch in multi-row inserts: the
// members, their applications, their registry rows and full-text terms,
// their histories and their batch rows (no outbox: an import mails nobody).
func (x *LegacyImports) InsertMembers(ctx context.Context, batchID string, ms []*member.Member) error {
	if len(ms) == 0 {
		return nil
	}
	return x.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return x.db.unmapped(ctx, tx, func() error { return x.insertMembers(ctx, x.db.bulk(tx), batchID, ms) }) // see unmapped.go, bulk_exec.go
	})
}

// insertMembers is InsertMembers in the transaction tx.
func (x *LegacyImports) insertMembers(ctx context.Context, tx bun.IDB, batchID string, ms []*member.Member) error {
	counts := deltasOf(ctx)
	for _, chunk := range chunks(ms, 500) {
		snaps := make([]member.Snapshot, len(chunk))
		rows := make([]*memberRow, len(chunk))
		batch := make([]*importMemberRow, len(chunk))
		var history []memberEventRow
		for i, m := range chunk {
			snaps[i] = m.Snapshot()
			rows[i] = memberToRow(snaps[i])
			batch[i] = &importMemberRow{BatchID: batchID, MemberID: m.ID(), Created: true, Version: 1}
			for _, e := range m.PullEvents() {
				payload, err := json.Marshal(e)
				if err != nil {
					return fmt.Errorf("bunstore: encode history event %s: %w", e.EventName(), err)
				}
				history = append(history, memberEventRow{MemberID: m.ID(), Name: e.EventName(),
					Payload: string(payload), OccurredAt: storedTime(e.OccurredAt())})
			}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return mapUnique(err, memberNameKey, memberEmailKey, memberNumberKey, memberPaymentRefKey)
		}
		if err := saveApplications(ctx, tx, snaps); err != nil {
			return err
		}
		if err := x.db.fileNewMembers(ctx, tx, snaps, counts); err != nil {
			return err
		}
		if len(history) > 0 {
			if _, err := tx.NewInsert().Model(&history).Exec(ctx); err != nil {
				return fmt.Errorf("bunstore: append member history: %w", err)
			}
		}
		if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: record imported members: %w", err)
		}
	}
	if counts.direct {
		return counts.apply(ctx, tx)
	}
	return nil
}

// RecordUpdated records members a batch updated.
func (x *LegacyImports) RecordUpdated(ctx context.Context, rows []ports.ImportedMember) error {
	if len(rows) == 0 {
		return nil
	}
	stored := make([]*importMemberRow, len(rows))
	for i, r := range rows {
		stored[i] = &importMemberRow{BatchID: r.BatchID, MemberID: r.MemberID, Created: r.Created,
			Version: r.Version, Prior: r.Prior}
	}
	if _, err := x.db.conn(ctx).NewInsert().Model(&stored).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: record updated members: %w", err)
	}
	return nil
}

// batchMember is a batch row joined with its member.
type batchMember struct {
	MemberID   string    `bun:"member_id"`
	Number     string    `bun:"number"`
	Name       string    `bun:"name"`
	Kind       string    `bun:"kind"`
	Created    bool      `bun:"created"`
	LoggedInAt time.Time `bun:"logged_in_at,nullzero"`
	Changed    bool      `bun:"changed"`
}

func batchMembers(conn bun.IDB, batchID string) *bun.SelectQuery {
	return conn.NewSelect().TableExpr("import_batch_members AS b").
		Join("JOIN members AS m ON m.id = b.member_id").
		ColumnExpr("b.member_id, COALESCE(m.number, '') AS number, m.name, m.kind, b.created, b.logged_in_at").
		ColumnExpr("m.version <> b.version AS changed").
		Where("b.batch_id = ?", batchID).OrderExpr("b.seq")
}

// Members returns a page of a batch's members.
func (x *LegacyImports) Members(ctx context.Context, batchID string, notLoggedIn bool, offset, limit int) (
	[]ports.ImportBatchMember, int, error) {
	q := batchMembers(x.db.conn(ctx), batchID)
	if notLoggedIn {
		q = q.Where("b.logged_in_at IS NULL")
	}
	var rows []batchMember
	n, err := q.Offset(offset).Limit(limit).ScanAndCount(ctx, &rows)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: imported members: %w", err)
	}
	out := make([]ports.ImportBatchMember, len(rows))
	for i, r := range rows {
		out[i] = ports.ImportBatchMember{MemberID: r.MemberID, Number: r.Number, Name: r.Name,
			Kind: member.Kind(r.Kind), Created: r.Created, LoggedInAt: loadedTime(r.LoggedInAt)}
	}
	return out, n, nil
}

// Updated returns the members a batch updated.
func (x *LegacyImports) Updated(ctx context.Context, batchID string) ([]ports.ImportedMember, error) {
	var rows []importMemberRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("batch_id = ?", batchID).Where("NOT created").
		Order("seq").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: updated members: %w", err)
	}
	out := make([]ports.ImportedMember, len(rows))
	for i, r := range rows {
		out[i] = ports.ImportedMember{BatchID: r.BatchID, MemberID: r.MemberID, Version: r.Version, Prior: r.Prior}
	}
	return out, nil
}

// Blockers returns the batch's members that logged in or changed since.
func (x *LegacyImports) Blockers(ctx context.Context, batchID string, limit int) ([]ports.ImportBlocker, error) {
	var rows []batchMember
	err := x.db.conn(ctx).NewSelect().TableExpr("(?) AS t", batchMembers(x.db.conn(ctx), batchID)).
		ColumnExpr("t.*").Where("t.logged_in_at IS NOT NULL OR t.changed").Limit(limit).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: import blockers: %w", err)
	}
	out := make([]ports.ImportBlocker, len(rows))
	for i, r := range rows {
		reason := ports.BlockerChanged
		if !r.LoggedInAt.IsZero() {
			reason = ports.BlockerLoggedIn
		}
		out[i] = ports.ImportBlocker{MemberID: r.MemberID, Number: r.Number, Name: r.Name, Reason: reason}
	}
	return out, nil
}

// NoteLogin records an imported member's first login.
func (x *LegacyImports) NoteLogin(ctx context.Context, memberID string, at time.Time) error {
	_, err := x.db.conn(ctx).NewUpdate().Model((*importMemberRow)(nil)).Set("logged_in_at = ?", storedTime(at)).
		Where("member_id = ?", memberID).Where("logged_in_at IS NULL").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: note imported member's login: %w", err)
	}
	return nil
}

// RaiseSequence moves a counter to at least value.
func (x *LegacyImports) RaiseSequence(ctx context.Context, scope string, value int64) error {
	_, err := x.db.conn(ctx).NewRaw(`INSERT INTO sequences (scope, value) VALUES (?, ?)
ON CONFLICT (scope) DO UPDATE SET value = CASE WHEN sequences.value < EXCLUDED.value THEN EXCLUDED.value
ELSE sequences.value END`, scope, value).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: raise sequence %q: %w", scope, err)
	}
	return nil
}
