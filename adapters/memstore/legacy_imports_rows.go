package memstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/ports"
)

// batchRows returns a batch's rows in import order.
func batchRows(d *data, batchID string) []importRow {
	var rows []importRow
	for _, r := range d.importRows.all() {
		if r.BatchID == batchID {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b importRow) int { return cmp.Compare(a.seq, b.seq) })
	return rows
}

// Members returns a page of a batch's members.
func (x *LegacyImports) Members(ctx context.Context, batchID string, notLoggedIn bool, offset, limit int) (
	[]ports.ImportBatchMember, int, error) {
	var out []ports.ImportBatchMember
	err := x.s.read(ctx, true, func(d *data) error {
		for _, r := range batchRows(d, batchID) {
			row, ok := d.members.get(r.MemberID)
			if !ok || notLoggedIn && !r.loggedInAt.IsZero() {
				continue
			}
			out = append(out, ports.ImportBatchMember{MemberID: r.MemberID, Number: row.snap.Number,
				Name: row.snap.Name, Kind: row.snap.Kind, Created: r.Created, LoggedInAt: r.loggedInAt})
		}
		return nil
	})
	return page(out, limit, offset), len(out), err
}

// Updated returns the members a batch updated.
func (x *LegacyImports) Updated(ctx context.Context, batchID string) ([]ports.ImportedMember, error) {
	var out []ports.ImportedMember
	err := x.s.read(ctx, true, func(d *data) error {
		for _, r := range batchRows(d, batchID) {
			if !r.Created {
				out = append(out, r.ImportedMember)
			}
		}
		return nil
	})
	return out, err
}

// Blockers returns the batch's members that logged in or changed since.
func (x *LegacyImports) Blockers(ctx context.Context, batchID string, limit int) ([]ports.ImportBlocker, error) {
	var out []ports.ImportBlocker
	err := x.s.read(ctx, true, func(d *data) error {
		for _, r := range batchRows(d, batchID) {
			row, ok := d.members.get(r.MemberID)
			reason := ""
			switch {
			case !ok:
				continue
			case !r.loggedInAt.IsZero():
				reason = ports.BlockerLoggedIn
			case row.snap.Version != r.Version:
				reason = ports.BlockerChanged
			default:
				continue
			}
			out = append(out, ports.ImportBlocker{MemberID: r.MemberID, Number: row.snap.Number,
				Name: row.snap.Name, Reason: reason})
		}
		return nil
	})
	return page(out, limit, 0), err
}

// DeleteCreated deletes the members the batch created.
func (x *LegacyImports) DeleteCreated(ctx context.Context, batchID string) (int, error) {
	n := 0
	err := x.s.write(ctx, true, "LegacyImports.DeleteCreated", func(d *data) error {
		for _, r := range batchRows(d, batchID) {
			row, ok := d.members.get(r.MemberID)
			if !r.Created || !ok {
				continue
			}
			s := row.snap
			d.memberNames.del(nameIndexKey(s.Kind, s.Name))
			d.memberEmails.del(notNull(s.Email))
			d.memberNumbers.del(s.Number)
			d.memberRefs.del(s.PaymentRef)
			d.members.del(s.ID)
			d.history.del(s.ID)
			for _, k := range d.contacts.where(func(_ string, c contact.Contact) bool { return c.MemberID == s.ID }) {
				d.contacts.del(k)
			}
			d.importRows.del(r.seq)
			n++
		}
		return nil
	})
	return n, err
}

// NoteLogin records an imported member's first login.
func (x *LegacyImports) NoteLogin(ctx context.Context, memberID string, at time.Time) error {
	return x.s.write(ctx, true, "LegacyImports.NoteLogin", func(d *data) error {
		for _, k := range d.importRows.where(func(_ int64, r importRow) bool {
			return r.MemberID == memberID && r.loggedInAt.IsZero()
		}) {
			r, _ := d.importRows.get(k)
			r.loggedInAt = storedTime(at)
			d.importRows.put(k, r)
		}
		return nil
	})
}

// RaiseSequence moves a counter to at least value.
func (x *LegacyImports) RaiseSequence(ctx context.Context, scope string, value int64) error {
	return x.s.write(ctx, true, "LegacyImports.RaiseSequence", func(d *data) error {
		if v, _ := d.sequences.get(scope); v < value {
			d.sequences.put(scope, value)
		}
		return nil
	})
}
