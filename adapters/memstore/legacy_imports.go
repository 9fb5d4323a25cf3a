package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// importRow is a member a batch created or updated (bunstore's
// import_batch_members).
type importRow struct {
	ports.ImportedMember
	seq        int64
	loggedInAt time.Time
}

// LegacyImports stores 导入老会员's batches; it implements
// ports.LegacyImports.
type LegacyImports struct{ s *Store }

var _ ports.LegacyImports = (*LegacyImports)(nil)

// LegacyImports returns the store of import batches.
func (s *Store) LegacyImports() *LegacyImports { return &LegacyImports{s: s} }

// Match returns the members holding any of the keys.
func (x *LegacyImports) Match(ctx context.Context, keys []legacyimport.Keys) ([]ports.ImportMatch, error) {
	var out []ports.ImportMatch
	err := x.s.read(ctx, true, func(d *data) error {
		regNos := map[string]bool{}
		add := func(key, value, memberID string) {
			row, _ := d.members.get(memberID)
			out = append(out, ports.ImportMatch{Key: key, Value: value, Kind: row.snap.Kind, MemberID: memberID})
		}
		for _, k := range keys {
			if id, ok := d.memberNumbers.get(k.Number); ok && k.Number != "" {
				add("number", k.Number, id)
			}
			if id, ok := d.memberEmails.get(notNull(k.Email)); ok && k.Email != "" {
				add("email", k.Email, id)
			}
			if id, ok := d.memberNames.get(nameIndexKey(k.Kind, k.Name)); ok && k.Name != "" {
				add("name", k.Name, id)
			}
			if k.RegNo != "" {
				regNos[k.RegNo] = true
			}
		}
		for memberID, row := range d.members.all() {
			a := row.snap.Application
			for _, v := range []string{a.Enterprise.USCC, a.Individual.IDNumber} {
				if v != "" && regNos[v] {
					add("reg_no", v, memberID)
				}
			}
		}
		return nil
	})
	return out, err
}

// StartBatch stores a new running batch numbered after the last.
func (x *LegacyImports) StartBatch(ctx context.Context, b *ports.ImportBatch) error {
	return x.s.write(ctx, true, "LegacyImports.StartBatch", func(d *data) error {
		if bid, ok := d.importKeys.get(b.PreviewKey); ok {
			prev, _ := d.importBatches.get(bid)
			return errImportCommitted(prev.Seq)
		}
		seq, _ := d.sequences.get("import_batch")
		seq++
		d.sequences.put("import_batch", seq)
		b.ID, b.Seq = id.New(b.StartedAt), int(seq)
		b.StartedAt, b.ProgressAt = storedTime(b.StartedAt), storedTime(b.ProgressAt)
		d.importBatches.put(b.ID, *b)
		d.importKeys.put(b.PreviewKey, b.ID)
		return nil
	})
}

// errImportCommitted is the refusal of a preview committed already.
func errImportCommitted(seq int) error {
	return apperr.Conflict("import_committed", fmt.Sprintf("该预览已经确认导入过（第%d批），请勿重复提交", seq))
}

// SaveBatch writes a batch's status and counters.
func (x *LegacyImports) SaveBatch(ctx context.Context, b ports.ImportBatch) error {
	return x.s.write(ctx, true, "LegacyImports.SaveBatch", func(d *data) error {
		if !d.importBatches.has(b.ID) {
			return errBatchNotFound()
		}
		b.StartedAt, b.FinishedAt, b.ProgressAt = storedTime(b.StartedAt), storedTime(b.FinishedAt),
			storedTime(b.ProgressAt)
		d.importBatches.put(b.ID, b)
		return nil
	})
}

func errBatchNotFound() error {
	return apperr.NotFound("import_batch_not_found", "导入批次不存在")
}

// GetBatch loads a batch.
func (x *LegacyImports) GetBatch(ctx context.Context, batchID string) (ports.ImportBatch, error) {
	var b ports.ImportBatch
	err := x.s.read(ctx, true, func(d *data) error {
		var ok bool
		if b, ok = d.importBatches.get(batchID); !ok {
			return errBatchNotFound()
		}
		return nil
	})
	return b, err
}

// ListBatches returns a page of the batches, newest first.
func (x *LegacyImports) ListBatches(ctx context.Context, offset, limit int) ([]ports.ImportBatch, int, error) {
	var all []ports.ImportBatch
	err := x.s.read(ctx, true, func(d *data) error {
		for _, b := range d.importBatches.all() {
			all = append(all, b)
		}
		return nil
	})
	slices.SortFunc(all, func(a, b ports.ImportBatch) int { return cmp.Compare(b.Seq, a.Seq) })
	return page(all, limit, offset), len(all), err
}

// InsertMembers stores new members of a batch with their histories.
func (x *LegacyImports) InsertMembers(ctx context.Context, batchID string, ms []*member.Member) error {
	return x.s.inTx(ctx, func(ctx context.Context, t *tx) error {
		return t.with(ctx, func(d *data) error {
			for _, m := range ms {
				if err := putMember(d, m.Snapshot(), true); err != nil {
					return err
				}
				appendHistory(d, m.ID(), m.PullEvents())
				addImportRow(d, ports.ImportedMember{BatchID: batchID, MemberID: m.ID(), Created: true, Version: 1})
			}
			return nil
		})
	})
}

func addImportRow(d *data, r ports.ImportedMember) {
	seq, _ := d.sequences.get("import_row")
	seq++
	d.sequences.put("import_row", seq)
	d.importRows.put(seq, importRow{ImportedMember: r, seq: seq})
}

// RecordUpdated records members a batch updated.
func (x *LegacyImports) RecordUpdated(ctx context.Context, rows []ports.ImportedMember) error {
	if len(rows) == 0 {
		return nil
	}
	return x.s.write(ctx, true, "LegacyImports.RecordUpdated", func(d *data) error {
		for _, r := range rows {
			addImportRow(d, r)
		}
		return nil
	})
}

// FailStale marks failed the running batches without progress since before.
func (x *LegacyImports) FailStale(ctx context.Context, before, at time.Time, message string) (int, error) {
	n := 0
	err := x.s.write(ctx, true, "LegacyImports.FailStale", func(d *data) error {
		for _, k := range d.importBatches.where(func(_ string, b ports.ImportBatch) bool {
			return b.Interrupted(before)
		}) {
			b, _ := d.importBatches.get(k)
			b.Status, b.Error, b.FinishedAt = ports.ImportFailed, message, storedTime(at)
			d.importBatches.put(k, b)
			n++
		}
		return nil
	})
	return n, err
}
