package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberLookup finds members for fee matching and the back-office queues; it
// implements ports.MemberLookup and ports.RenewalIndex. The lookups by code and
// name and PaymentRefTaken join the transaction in ctx (as bunstore's do);
// ListByStatus and RenewalCandidates read the committed state.
type MemberLookup struct{ s *Store }

var (
	_ ports.MemberLookup = (*MemberLookup)(nil)
	_ ports.RenewalIndex = (*MemberLookup)(nil)
)

// FindByPaymentRefs returns the members with the given reference codes, by id.
func (x *MemberLookup) FindByPaymentRefs(ctx context.Context, codes []string) ([]*member.Member, error) {
	out := []*member.Member{}
	err := x.s.read(ctx, true, func(d *data) error {
		var ids []string
		for _, c := range codes {
			if id, ok := d.memberRefs.get(c); ok && c != "" {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		out = membersByID(d, slices.Compact(ids))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindByMatchNames returns the members whose registered or form name,
// normalized with payment.MatchName, is one of names, by id.
func (x *MemberLookup) FindByMatchNames(ctx context.Context, names []string) ([]*member.Member, error) {
	out := []*member.Member{}
	if len(names) == 0 {
		return out, nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	err := x.s.read(ctx, true, func(d *data) error {
		var ids []string
		for id, row := range d.members.all() {
			if want[row.matchName()] || want[row.formMatchName()] {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		out = membersByID(d, ids)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListByStatus returns one page of members in a status (of a kind, when kind
// is set), longest waiting first (updated_at, then id), and how many there are.
func (x *MemberLookup) ListByStatus(ctx context.Context, status member.Status, kind member.Kind,
	limit, offset int) ([]*member.Member, int, error) {
	var (
		out   []*member.Member
		total int
	)
	err := x.s.read(ctx, false, func(d *data) error {
		var found []member.Snapshot
		for _, row := range d.members.all() {
			if row.snap.Status == status && (kind == "" || row.snap.Kind == kind) {
				found = append(found, row.snap)
			}
		}
		slices.SortFunc(found, func(a, b member.Snapshot) int {
			return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), strings.Compare(a.ID, b.ID))
		})
		total = len(found)
		found = page(found, limit, offset)
		out = make([]*member.Member, len(found))
		for i, s := range found {
			out[i] = member.Restore(s)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// PaymentRefTaken reports whether a member uses the code.
func (x *MemberLookup) PaymentRefTaken(ctx context.Context, code string) (bool, error) {
	var taken bool
	err := x.s.read(ctx, true, func(d *data) error {
		taken = code != "" && d.memberRefs.has(code)
		return nil
	})
	return taken, err
}

// RenewalCandidates returns the ids (ascending, after q.After, at most q.Limit
// when it is positive) of active or expiring members with a validity end that
// is past the grace period, within the expiry window (active members), or
// within the days of a reminder not yet sent — the conditions of bunstore's
// query, on calendar days.
func (x *MemberLookup) RenewalCandidates(ctx context.Context, q ports.RenewalQuery) ([]string, error) {
	today := storedDay(q.Today)
	lapseBefore := today.AddDate(0, 0, -q.Policy.GraceDays)
	due := func(s member.Snapshot) bool {
		until := s.ValidUntil
		if until.Before(lapseBefore) {
			return true
		}
		if w := q.Policy.Window(); w > 0 && s.Status == member.StatusActive && !until.After(today.AddDate(0, 0, w)) {
			return true
		}
		for _, d := range q.Policy.ReminderDays {
			if d > 0 && !until.After(today.AddDate(0, 0, d)) && (s.RenewalReminded == 0 || s.RenewalReminded > d) {
				return true
			}
		}
		return false
	}
	ids := []string{}
	err := x.s.read(ctx, false, func(d *data) error {
		for id, row := range d.members.all() {
			s := row.snap
			if (s.Status == member.StatusActive || s.Status == member.StatusExpiring) &&
				!s.ValidUntil.IsZero() && id > q.After && due(s) {
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return page(ids, q.Limit, 0), nil
}
