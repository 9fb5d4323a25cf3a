package memstore

import (
	"context"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberRepository stores member aggregates with their applications and
// records their events; it implements ports.MemberRepository.
type MemberRepository struct{ s *Store }

var _ ports.MemberRepository = (*MemberRepository)(nil)

// Add stores a new member and records its events, in the transaction in ctx
// when there is one (as bunstore's Add), else in one of its own. A taken name (per kind) or
// email is an apperr Conflict on that field, and nothing is stored or recorded.
func (r *MemberRepository) Add(ctx context.Context, m *member.Member) error {
	return r.s.inTx(ctx, func(ctx context.Context, t *tx) error {
		return t.with(ctx, func(d *data) error {
			if err := putMember(d, m.Snapshot(), true); err != nil {
				return err
			}
			return recordChange(t, d, m)
		})
	})
}

// Get loads a member by identity (committed state).
func (r *MemberRepository) Get(ctx context.Context, id string) (*member.Member, error) {
	return r.getBy(ctx, func(d *data) (string, bool) { return id, true })
}

// FindByEmail loads the member registered with an email address.
func (r *MemberRepository) FindByEmail(ctx context.Context, email string) (*member.Member, error) {
	return r.getBy(ctx, func(d *data) (string, bool) { return d.memberEmails.get(notNull(email)) })
}

func (r *MemberRepository) getBy(ctx context.Context, find func(d *data) (string, bool)) (*member.Member, error) {
	var m *member.Member
	err := r.s.read(ctx, false, func(d *data) error {
		id, ok := find(d)
		row, found := d.members.get(id)
		if !ok || !found {
			return errMemberNotFound()
		}
		m = row.member()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindForLogin returns the members whose name or member number equals login, at
// most one per kind (a number match wins), ordered by kind.
func (r *MemberRepository) FindForLogin(ctx context.Context, login string) ([]*member.Member, error) {
	out := []*member.Member{}
	err := r.s.read(ctx, false, func(d *data) error {
		byKind := map[member.Kind]memberRow{}
		for _, kind := range []member.Kind{member.Enterprise, member.Individual} {
			if id, ok := d.memberNames.get(nameIndexKey(kind, login)); ok {
				row, _ := d.members.get(id)
				byKind[kind] = row
			}
		}
		if id, ok := d.memberNumbers.get(login); ok && login != "" {
			row, _ := d.members.get(id)
			byKind[row.snap.Kind] = row
		}
		for _, row := range byKind {
			out = append(out, row.member())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *member.Member) int { return strings.Compare(string(a.Kind()), string(b.Kind())) })
	return out, nil
}

// NameTaken reports whether a member of the kind already uses the name.
func (r *MemberRepository) NameTaken(ctx context.Context, kind member.Kind, name string) (bool, error) {
	return r.exists(ctx, func(d *data) bool { return d.memberNames.has(nameIndexKey(kind, name)) })
}

// EmailTaken reports whether a member already uses the email address.
func (r *MemberRepository) EmailTaken(ctx context.Context, email string) (bool, error) {
	return r.exists(ctx, func(d *data) bool { return d.memberEmails.has(notNull(email)) })
}

func (r *MemberRepository) exists(ctx context.Context, check func(d *data) bool) (bool, error) {
	var ok bool
	err := r.s.read(ctx, false, func(d *data) error {
		ok = check(d)
		return nil
	})
	return ok, err
}

// Update loads the member, runs fn on a fresh copy of it and stores the result
// and its events, all in one transaction (the one in ctx, if any): fn's error,
// or a unique clash of the result, stores and records nothing. fn's context
// carries the transaction, so the stores it calls with it join. The store has
// one writer at a time, so concurrent updates of a member serialize.
func (r *MemberRepository) Update(ctx context.Context, id string,
	fn func(ctx context.Context, m *member.Member) error) error {
	return r.s.inTx(ctx, func(ctx context.Context, t *tx) error {
		var row memberRow
		err := t.with(ctx, func(d *data) error {
			var ok bool
			if row, ok = d.members.get(id); !ok {
				return errMemberNotFound()
			}
			return nil
		})
		if err != nil {
			return err
		}
		m := row.member()
		if err := fn(ctx, m); err != nil {
			return err
		}
		return t.with(ctx, func(d *data) error {
			if err := putMember(d, m.Snapshot(), false); err != nil {
				return err
			}
			return recordChange(t, d, m)
		})
	})
}
