package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberLookup finds members for fee matching and the back-office queues; it
// implements ports.MemberLookup and ports.RenewalIndex.
type MemberLookup struct{ db *DB }

var (
	_ ports.MemberLookup = (*MemberLookup)(nil)
	_ ports.RenewalIndex = (*MemberLookup)(nil)
)

// NewMemberLookup returns the lookup.
func NewMemberLookup(db *DB) *MemberLookup { return &MemberLookup{db: db} }

func (x *MemberLookup) findIn(ctx context.Context, column string, values []string) ([]*member.Member, error) {
	if len(values) == 0 {
		return []*member.Member{}, nil
	}
	var rows []*memberRow
	for _, chunk := range chunks(values, 500) {
		var part []*memberRow
		if err := x.db.conn(ctx).NewSelect().Model(&part).Where("? IN (?)", bun.Ident(column), bun.List(chunk)).
			OrderExpr("id").Scan(ctx); err != nil {
			return nil, fmt.Errorf("bunstore: find members by %s: %w", column, err)
		}
		rows = append(rows, part...)
	}
	return loadMembers(ctx, x.db.conn(ctx), rows)
}

// FindByPaymentRefs returns the members with the given reference codes.
func (x *MemberLookup) FindByPaymentRefs(ctx context.Context, codes []string) ([]*member.Member, error) {
	return x.findIn(ctx, "payment_ref", codes)
}

// FindByMatchNames returns the members whose registered or form name matches.
func (x *MemberLookup) FindByMatchNames(ctx context.Context, names []string) ([]*member.Member, error) {
	if len(names) == 0 {
		return []*member.Member{}, nil
	}
	var rows []*memberRow
	for _, chunk := range chunks(names, 500) {
		var part []*memberRow
		if err := x.db.conn(ctx).NewSelect().Model(&part).
			WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("match_name IN (?)", bun.List(chunk)).WhereOr("form_match_name IN (?)", bun.List(chunk))
			}).OrderExpr("id").Scan(ctx); err != nil {
			return nil, fmt.Errorf("bunstore: find members by name: %w", err)
		}
		rows = append(rows, part...)
	}
	return loadMembers(ctx, x.db.conn(ctx), rows)
}

// ListByStatus returns one page of members in a status, longest waiting first.
func (x *MemberLookup) ListByStatus(ctx context.Context, status member.Status, kind member.Kind,
	limit, offset int) ([]*member.Member, int, error) {
	var rows []*memberRow
	q := x.db.bun.NewSelect().Model(&rows).Where("status = ?", string(status)).OrderExpr("updated_at ASC, id ASC")
	if kind != "" {
		q = q.Where("kind = ?", string(kind))
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	if offset > 0 {
		q = q.Offset(offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list members by status: %w", err)
	}
	ms, err := loadMembers(ctx, x.db.bun, rows)
	return ms, total, err
}

// PaymentRefTaken reports whether a member uses the code.
func (x *MemberLookup) PaymentRefTaken(ctx context.Context, code string) (bool, error) {
	ok, err := x.db.conn(ctx).NewSelect().Model((*memberRow)(nil)).Where("payment_ref = ?", code).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("bunstore: check payment reference: %w", err)
	}
	return ok, nil
}

// RenewalCandidates returns the ids of members a renewal sweep has work for (see
// ports.RenewalIndex), using the (status, valid_until, id) index.
func (x *MemberLookup) RenewalCandidates(ctx context.Context, q ports.RenewalQuery) ([]string, error) {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	today := newDateCol(q.Today).t
	lapseBefore := day(today.AddDate(0, 0, -q.Policy.GraceDays))
	sel := x.db.bun.NewSelect().TableExpr("members").Column("id").
		Where("status IN (?)", bun.List([]string{string(member.StatusActive), string(member.StatusExpiring)})).
		Where("valid_until IS NOT NULL").
		WhereGroup(" AND ", func(s *bun.SelectQuery) *bun.SelectQuery {
			// past the grace period: lapse
			s = s.Where("valid_until < ?", lapseBefore)
			if w := q.Policy.Window(); w > 0 {
				// active within the window: becomes expiring
				s = s.WhereOr("(status = ? AND valid_until <= ?)", string(member.StatusActive), day(today.AddDate(0, 0, w)))
			}
			// a reminder due and not yet sent
			for _, d := range q.Policy.ReminderDays {
				if d <= 0 {
					continue
				}
				s = s.WhereOr("(valid_until <= ? AND (renewal_reminded = 0 OR renewal_reminded > ?))",
					day(today.AddDate(0, 0, d)), d)
			}
			return s
		}).OrderExpr("id ASC")
	if q.After != "" {
		sel = sel.Where("id > ?", q.After)
	}
	if q.Limit > 0 {
		sel = sel.Limit(q.Limit)
	}
	var ids []string
	if err := sel.Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("bunstore: renewal candidates: %w", err)
	}
	return ids, nil
}

// Leases keeps job leases in the leases table; it implements ports.Leases.
type Leases struct{ db *DB }

var _ ports.Leases = (*Leases)(nil)

// NewLeases returns the lease store.
func NewLeases(db *DB) *Leases { return &Leases{db: db} }

// Acquire takes or extends the lease in one atomic upsert: the row is written
// only when it is missing, expired or the holder's own; RETURNING tells whether
// it was.
func (l *Leases) Acquire(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	var got []string
	err := l.db.bun.NewRaw(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE leases.expires_at <= ? OR leases.holder = excluded.holder
RETURNING holder`, name, holder, storedTime(now.Add(ttl)), storedTime(now)).Scan(ctx, &got)
	if err != nil {
		return false, fmt.Errorf("bunstore: acquire lease %q: %w", name, err)
	}
	return len(got) == 1 && got[0] == holder, nil
}

// Release deletes the lease if holder has it.
func (l *Leases) Release(ctx context.Context, name, holder string) error {
	_, err := l.db.bun.NewDelete().TableExpr("leases").Where("name = ?", name).Where("holder = ?", holder).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: release lease %q: %w", name, err)
	}
	return nil
}

// Settings keeps setting documents in the settings table; it implements
// ports.Settings.
type Settings struct{ db *DB }

var _ ports.Settings = (*Settings)(nil)

// NewSettings returns the settings store.
func NewSettings(db *DB) *Settings { return &Settings{db: db} }

// Get returns the value of key.
func (s *Settings) Get(ctx context.Context, key string) ([]byte, bool, error) {
	// A prepared statement: the member detail in 会员管理 reads the card key on
	// every view.
	rows, err := s.db.query(ctx, "setting_by_key", func() string { return `SELECT value FROM settings WHERE "key" = ?` },
		key)
	if err != nil {
		return nil, false, fmt.Errorf("bunstore: get setting %q: %w", key, err)
	}
	var val string
	if err := s.db.scanOne(ctx, rows, []any{&val}); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("bunstore: get setting %q: %w", key, err)
	}
	return []byte(val), true, nil
}

// Put stores the value of key, in the transaction in ctx when there is one.
func (s *Settings) Put(ctx context.Context, key string, value []byte, at time.Time) error {
	_, err := s.db.conn(ctx).NewRaw(`INSERT INTO settings ("key", value, updated_at) VALUES (?, ?, ?)
ON CONFLICT ("key") DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, string(value), storedTime(at)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: put setting %q: %w", key, err)
	}
	return nil
}
