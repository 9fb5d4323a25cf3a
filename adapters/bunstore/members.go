package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberRepository stores member aggregates; it implements ports.MemberRepository.
type MemberRepository struct {
	db     *DB
	outbox EventOutbox
}

var _ ports.MemberRepository = (*MemberRepository)(nil)

// NewMemberRepository returns a member repository that writes the events of every
// change to outbox in the same transaction.
func NewMemberRepository(db *DB, outbox EventOutbox) *MemberRepository {
	return &MemberRepository{db: db, outbox: outbox}
}

const (
	codeMemberNotFound = "member_not_found"
	msgMemberNotFound  = "会员不存在"
)

// Add stores a new member and its events, in the transaction in ctx when
// there is one (a Transactor.InTx: the member then commits or rolls back with
// the rest of it, e.g. its audit entry), else in a transaction of its own.
func (r *MemberRepository) Add(ctx context.Context, m *member.Member) error {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return r.add(ctx, tx, m)
	}
	return r.db.runInTx(ctx, func(ctx context.Context, tx bun.Tx) error { return r.add(ctx, tx, m) })
}

func (r *MemberRepository) add(ctx context.Context, tx bun.Tx, m *member.Member) error {
	snap := m.Snapshot()
	snap.Version = 1
	if _, err := tx.NewInsert().Model(memberToRow(snap)).Exec(ctx); err != nil {
		return mapUnique(err, memberNameKey, memberEmailKey)
	}
	if err := saveApplication(ctx, tx, snap); err != nil {
		return err
	}
	return r.recordChange(ctx, tx, snap, m)
}

// recordChange files the changed member in the registry and writes the events
// it recorded to its history and to the outbox, in the change's transaction.
func (r *MemberRepository) recordChange(ctx context.Context, tx bun.Tx, snap member.Snapshot, m *member.Member) error {
	if err := r.db.fileMember(ctx, tx, snap); err != nil {
		return err
	}
	events := m.PullEvents()
	if err := appendHistory(ctx, tx, snap.ID, events); err != nil {
		return err
	}
	return r.outbox.Append(ctx, tx, events)
}

// Get loads a member by identity.
func (r *MemberRepository) Get(ctx context.Context, id string) (*member.Member, error) {
	rows, err := r.db.query(ctx, "member_by_id", func() string {
		return r.db.bun.NewSelect().Model((*memberRow)(nil)).Where("id = ?", bun.Safe("?")).Limit(1).String()
	}, id)
	if err != nil {
		return nil, fmt.Errorf("bunstore: get member: %w", err)
	}
	row := new(memberRow)
	if err := r.db.scanOne(ctx, rows, row); err != nil {
		return nil, notFound(err, codeMemberNotFound, msgMemberNotFound)
	}
	s := row.snapshot()
	rows, err = r.db.query(ctx, "application_by_member", func() string {
		return r.db.bun.NewSelect().Model((*applicationRow)(nil)).Where("member_id = ?", bun.Safe("?")).String()
	}, id)
	if err != nil {
		return nil, fmt.Errorf("bunstore: get application: %w", err)
	}
	app := new(applicationRow)
	switch err := r.db.scanOne(ctx, rows, app); {
	case err == nil:
		if s.Application, err = app.application(s.Kind); err != nil {
			return nil, err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("bunstore: get application: %w", err)
	}
	return member.Restore(s), nil
}

// FindByEmail loads the member registered with an email address.
func (r *MemberRepository) FindByEmail(ctx context.Context, email string) (*member.Member, error) {
	return r.getWhere(ctx, "email = ?", email)
}

func (r *MemberRepository) getWhere(ctx context.Context, where string, arg any) (*member.Member, error) {
	row := new(memberRow)
	if err := r.db.bun.NewSelect().Model(row).Where(where, arg).Limit(1).Scan(ctx); err != nil {
		return nil, notFound(err, codeMemberNotFound, msgMemberNotFound)
	}
	return loadMember(ctx, r.db.bun, row)
}

// FindForLogin returns the members whose name or member number equals login, at
// most one per kind (a number match wins), ordered by kind.
func (r *MemberRepository) FindForLogin(ctx context.Context, login string) ([]*member.Member, error) {
	var rows []memberRow
	err := r.db.bun.NewSelect().Model(&rows).
		Where("name = ?", login).WhereOr("number = ?", login).
		OrderExpr("kind, id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: find member for login: %w", err)
	}
	byKind := map[string]*memberRow{}
	for i := range rows {
		row := &rows[i]
		if prev, ok := byKind[row.Kind]; !ok || (prev.Number != login && row.Number == login) {
			byKind[row.Kind] = row
		}
	}
	found := make([]*memberRow, 0, len(byKind))
	for _, row := range byKind {
		found = append(found, row)
	}
	out, err := loadMembers(ctx, r.db.bun, found)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind() < out[j].Kind() })
	return out, nil
}

// NameTaken reports whether a member of the kind already uses the name.
func (r *MemberRepository) NameTaken(ctx context.Context, kind member.Kind, name string) (bool, error) {
	ok, err := r.db.bun.NewSelect().Model((*memberRow)(nil)).
		Where("kind = ?", string(kind)).Where("name = ?", name).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("bunstore: check member name: %w", err)
	}
	return ok, nil
}

// EmailTaken reports whether a member already uses the email address.
func (r *MemberRepository) EmailTaken(ctx context.Context, email string) (bool, error) {
	ok, err := r.db.bun.NewSelect().Model((*memberRow)(nil)).Where("email = ?", email).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("bunstore: check member email: %w", err)
	}
	return ok, nil
}

// Update loads the member under a lock, runs fn and stores the member and its
// events in one transaction (the transaction of a Transactor.InTx when ctx
// carries one, so that several members change together). On PostgreSQL the row is locked with SELECT … FOR
// UPDATE; on SQLite the transaction holds the database write lock from its start.
// The application is read and written with the member. fn's context carries the
// transaction, so Sequences.Next called with it takes part in the update. An
// error of fn (or of storing) rolls everything back and is returned unchanged.
func (r *MemberRepository) Update(ctx context.Context, id string,
	fn func(ctx context.Context, m *member.Member) error) error {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		// Inside a Transactor.InTx (or another update): join its transaction.
		return r.update(ctx, tx, id, fn)
	}
	return r.db.runInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return r.update(ctx, tx, id, fn)
	})
}

func (r *MemberRepository) update(ctx context.Context, tx bun.Tx, id string,
	fn func(ctx context.Context, m *member.Member) error) error {
	row := new(memberRow)
	q := tx.NewSelect().Model(row).Where("id = ?", id)
	if r.db.postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return notFound(err, codeMemberNotFound, msgMemberNotFound)
	}
	m, err := loadMember(ctx, tx, row)
	if err != nil {
		return err
	}
	if err := fn(withTx(ctx, tx), m); err != nil {
		return err
	}
	snap := m.Snapshot()
	snap.Version = row.Version + 1 // every stored change counts (optimistic concurrency)
	if _, err := tx.NewUpdate().Model(memberToRow(snap)).WherePK().Exec(ctx); err != nil {
		return mapUnique(err, memberNameKey, memberEmailKey, memberNumberKey, memberPaymentRefKey)
	}
	if err := saveApplication(ctx, tx, snap); err != nil {
		return err
	}
	return r.recordChange(ctx, tx, snap, m)
}

// BulkInsertMembers stores many members at once, in batches inside one
// transaction: for seeding (benchmarks, imports of legacy members). Unlike Add
// it writes no events, and checks nothing beyond the database's constraints;
// the members' applications are stored and the members filed in the registry.
func (db *DB) BulkInsertMembers(ctx context.Context, snaps []member.Snapshot) error {
	return db.bun.RunInTx(ctx, nil, func(ctx context.Context, btx bun.Tx) error {
		counts, tx := deltasOf(ctx), db.bulk(btx) // bulk_exec.go
		for _, chunk := range chunks(snaps, 500) {
			rows := make([]*memberRow, len(chunk))
			for i, s := range chunk {
				rows[i] = memberToRow(s)
			}
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return mapUnique(err, memberNameKey, memberEmailKey, memberNumberKey, memberPaymentRefKey)
			}
			if err := saveApplications(ctx, tx, chunk); err != nil {
				return err
			}
			if err := db.fileNewMembers(ctx, tx, chunk, counts); err != nil {
				return err
			}
		}
		return counts.apply(ctx, tx)
	})
}
