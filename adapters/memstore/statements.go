package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// StatementRepository stores bank statements and their lines; it implements
// ports.StatementRepository. Add runs in a transaction of its own; Get, GetLine,
// LinesByKey and SaveLine join the transaction in ctx; List and Lines read the
// committed state — as bunstore's do.
type StatementRepository struct{ s *Store }

var _ ports.StatementRepository = (*StatementRepository)(nil)

// storedLine is the line as bunstore reads it back (no aliasing of Candidates).
func storedLine(l payment.StoredLine) payment.StoredLine {
	l.Date, l.UpdatedAt = storedDay(l.Date), storedTime(l.UpdatedAt)
	l.Match.Candidates = cloneStrings(l.Match.Candidates)
	return l
}

// cloneStrings copies a slice; an empty one is nil (as bunstore reads it back).
func cloneStrings(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	return slices.Clone(xs)
}

// Add stores the statement and those of its lines whose key is new (neither
// stored nor earlier in lines), and returns the IDs of the others. It joins
// the transaction in ctx (the import and its audit entry commit together).
func (r *StatementRepository) Add(ctx context.Context, s payment.Statement, lines []payment.StoredLine) ([]string, error) {
	var skipped []string
	err := r.s.write(ctx, true, "StatementRepository.Add", func(d *data) error {
		skipped = nil
		seen := map[string]bool{}
		var fresh []payment.StoredLine
		for _, l := range lines {
			if seen[l.Key] || d.lineKeys.has(notNull(l.Key)) {
				skipped = append(skipped, l.ID)
				continue
			}
			seen[l.Key] = true
			fresh = append(fresh, storedLine(l))
		}
		if d.statements.has(s.ID) {
			return errConstraint("statements.id %q exists", s.ID)
		}
		s.NewLines, s.UploadedAt = len(fresh), storedTime(s.UploadedAt)
		d.statements.put(s.ID, s)
		for _, l := range fresh {
			if d.lines.has(l.ID) {
				return errConstraint("statement_lines.id %q exists", l.ID)
			}
			if !d.statements.has(l.StatementID) {
				return errConstraint("line of a missing statement %q", l.StatementID)
			}
			d.lineKeys.put(notNull(l.Key), l.ID)
			d.lines.put(l.ID, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return skipped, nil
}

// Get loads a statement and its lines in file order.
func (r *StatementRepository) Get(ctx context.Context, id string) (payment.Statement, []payment.StoredLine, error) {
	var (
		st    payment.Statement
		lines []payment.StoredLine
	)
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if st, ok = d.statements.get(id); !ok {
			return errStatementNotFound()
		}
		for _, l := range d.lines.all() {
			if l.StatementID == id {
				lines = append(lines, storedLine(l))
			}
		}
		return nil
	})
	if err != nil {
		return payment.Statement{}, nil, err
	}
	slices.SortFunc(lines, func(a, b payment.StoredLine) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), strings.Compare(a.ID, b.ID))
	})
	return st, orEmpty(lines), nil
}

// orEmpty returns xs, or an empty slice for nil.
func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// List returns one page of statements, newest first, and how many there are.
func (r *StatementRepository) List(ctx context.Context, limit, offset int) ([]payment.Statement, int, error) {
	var all []payment.Statement
	err := r.s.read(ctx, false, func(d *data) error {
		for _, st := range d.statements.all() {
			all = append(all, st)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b payment.Statement) int {
		return cmp.Or(b.UploadedAt.Compare(a.UploadedAt), strings.Compare(b.ID, a.ID))
	})
	return orEmpty(page(all, limit, offset)), len(all), nil
}

// LinesByKey returns the stored lines with the given keys (of any statement),
// in key order.
func (r *StatementRepository) LinesByKey(ctx context.Context, keys []string) ([]payment.StoredLine, error) {
	var out []payment.StoredLine
	err := r.s.read(ctx, true, func(d *data) error {
		ks := slices.Compact(slices.Sorted(slices.Values(keys)))
		for _, k := range ks {
			if id, ok := d.lineKeys.get(notNull(k)); ok {
				l, _ := d.lines.get(id)
				out = append(out, storedLine(l))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Lines returns one page of the lines of any statement in a status, oldest
// first (day, statement, row), and how many there are.
func (r *StatementRepository) Lines(ctx context.Context, status payment.LineStatus, limit, offset int) ([]payment.StoredLine, int, error) {
	var all []payment.StoredLine
	err := r.s.read(ctx, false, func(d *data) error {
		for _, l := range d.lines.all() {
			if l.Status == status {
				all = append(all, storedLine(l))
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b payment.StoredLine) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.StatementID, b.StatementID),
			cmp.Compare(a.Row, b.Row), strings.Compare(a.ID, b.ID))
	})
	return orEmpty(page(all, limit, offset)), len(all), nil
}

// GetLine loads one line.
func (r *StatementRepository) GetLine(ctx context.Context, id string) (payment.StoredLine, error) {
	var l payment.StoredLine
	err := r.s.read(ctx, true, func(d *data) error {
		row, ok := d.lines.get(id)
		if !ok {
			return errLineNotFound()
		}
		l = storedLine(row)
		return nil
	})
	return l, err
}

// SaveLine stores a line's status, match, payment and update time if its
// stored status is still from; otherwise another finance user handled it (an
// apperr Conflict), or it is missing (NotFound).
func (r *StatementRepository) SaveLine(ctx context.Context, l payment.StoredLine, from payment.LineStatus) error {
	l = storedLine(l)
	return r.s.write(ctx, true, "StatementRepository.SaveLine", func(d *data) error {
		row, ok := d.lines.get(l.ID)
		if !ok {
			return errLineNotFound()
		}
		if row.Status != from {
			return apperr.Conflict("statement_line_changed",
				fmt.Sprintf("第%d行流水已被其他财务人员处理，请刷新后重试", l.Row))
		}
		row.Status, row.Match, row.PaymentID, row.UpdatedAt = l.Status, l.Match, l.PaymentID, l.UpdatedAt
		d.lines.put(l.ID, row)
		return nil
	})
}
