package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// importWriter writes a batch's chunks.
type importWriter struct {
	d   ImportDeps
	b   *ports.ImportBatch
	now time.Time
}

// apply writes one chunk in one transaction: the new members in multi-row
// inserts (no password hash is made: see the login's initial credential),
// the updated ones through the member repository (their prior form kept for
// undo), and the batch's progress.
func (w *importWriter) apply(ctx context.Context, plan []planned) error {
	by := member.ImportedBy{Batch: w.b.Seq, Staff: w.b.StaffName, InitialUntil: w.now.Add(w.d.initialFor())}
	next := *w.b
	err := w.d.Tx.InTx(ctx, func(ctx context.Context) error {
		var created []*member.Member
		var updated []ports.ImportedMember
		var replaced []string
		var contacts []contact.Contact
		prior, err := w.chunkContacts(ctx, plan)
		if err != nil {
			return err
		}
		for _, p := range plan {
			e := p.cand.Entry
			if p.target != "" {
				row, err := w.update(ctx, p, by, prior[p.target])
				if err != nil {
					return err
				}
				updated = append(updated, row)
				replaced = append(replaced, p.target)
				contacts = append(contacts, p.cand.ContactsOf(p.target, w.now)...)
				continue
			}
			if e.Number == "" {
				n, err := (&StaffCreateMemberHandler{d: RegistryDeps{Sequences: w.d.Sequences, Formats: w.d.Formats}}).
					nextNumber(ctx, e.Kind, w.now)
				if err != nil {
					return err
				}
				e.Number = n
			}
			m := member.Import(e, p.cand.Status, p.cand.JoinedOn, by, w.now)
			created = append(created, m)
			contacts = append(contacts, p.cand.ContactsOf(m.ID(), w.now)...)
		}
		if err := w.d.Store.InsertMembers(ctx, w.b.ID, created); err != nil {
			return err
		}
		if err := w.writeContacts(ctx, replaced, contacts); err != nil {
			return err
		}
		if err := w.d.Store.RecordUpdated(ctx, updated); err != nil {
			return apperr.Internal(err)
		}
		next.Created += len(created)
		next.Updated += len(updated)
		next.Done += len(plan)
		next.ProgressAt = w.d.now()
		return w.d.Store.SaveBatch(ctx, next)
	})
	if err != nil {
		return err
	}
	*w.b = next
	return nil
}

// update brings an existing member up to date and returns its batch row.
func (w *importWriter) update(ctx context.Context, p planned, by member.ImportedBy, contacts []contact.Contact) (
	ports.ImportedMember, error) {
	row := ports.ImportedMember{BatchID: w.b.ID, MemberID: p.target}
	err := w.d.Members.Update(ctx, p.target, func(_ context.Context, m *member.Member) error {
		prior := m.Snapshot()
		js, err := priorOf(prior, contacts)
		if err != nil {
			return err
		}
		row.Prior, row.Version = js, prior.Version+1
		m.Reimport(p.cand.Entry, p.cand.Status, p.cand.JoinedOn, by, w.now)
		return nil
	})
	return row, err
}
