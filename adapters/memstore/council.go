package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/ports"
)

// CouncilRepository stores 完善理事资料; it implements ports.CouncilRepository,
// every method joining the transaction in ctx.
type CouncilRepository struct{ s *Store }

var _ ports.CouncilRepository = (*CouncilRepository)(nil)

// Council returns the council forms and contacts.
func (s *Store) Council() *CouncilRepository { return &CouncilRepository{s: s} }

// copyForm detaches a form's map and rows from the stored row.
func copyForm(f council.Form) council.Form {
	f.Values = maps.Clone(f.Values)
	f.Rows = slices.Clone(f.Rows)
	return f
}

func kindOrder(k council.Kind) int { return slices.Index(council.Kinds(), k) }

// MemberForms returns a member's forms in council.Kinds order.
func (r *CouncilRepository) MemberForms(ctx context.Context, memberID string) ([]council.Form, error) {
	var out []council.Form
	err := r.s.read(ctx, true, func(d *data) error {
		for _, f := range d.councilForms.all() {
			if f.MemberID == memberID {
				out = append(out, copyForm(f))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b council.Form) int { return cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)) })
	return out, err
}

// GetForm loads a form by identity.
func (r *CouncilRepository) GetForm(ctx context.Context, id string) (council.Form, error) {
	var f council.Form
	err := r.s.read(ctx, true, func(d *data) error {
		var ok bool
		if f, ok = d.councilForms.get(id); !ok {
			return council.NotFoundError()
		}
		f = copyForm(f)
		return nil
	})
	return f, err
}

// PutForm stores a form; a second form of a member and kind is refused.
func (r *CouncilRepository) PutForm(ctx context.Context, f council.Form) error {
	f = copyForm(f)
	f.CreatedAt, f.UpdatedAt = storedTime(f.CreatedAt), storedTime(f.UpdatedAt)
	f.SubmittedAt, f.ReviewedAt = storedTime(f.SubmittedAt), storedTime(f.ReviewedAt)
	return r.s.write(ctx, true, "CouncilRepository.PutForm", func(d *data) error {
		for _, o := range d.councilForms.all() {
			if o.MemberID == f.MemberID && o.Kind == f.Kind && o.ID != f.ID {
				return errConstraint("council_forms: second %s form of %q", f.Kind, f.MemberID)
			}
		}
		if old, ok := d.councilForms.get(f.ID); ok && old.MemberID != f.MemberID {
			return council.NotFoundError()
		}
		d.councilForms.put(f.ID, f)
		return nil
	})
}

// listed tells whether a form of status s belongs to the queue's selection.
func listed(want, s council.Status) bool {
	if want == "" {
		return s != council.Draft
	}
	return s == want
}

// ListForms returns a page of the staff's queue, most recently submitted first.
func (r *CouncilRepository) ListForms(ctx context.Context, f ports.CouncilFilter) ([]council.Form, int, error) {
	var all []council.Form
	err := r.s.read(ctx, true, func(d *data) error {
		for _, x := range d.councilForms.all() {
			if listed(f.Status, x.Status) {
				all = append(all, x)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b council.Form) int {
		return cmp.Or(b.SubmittedAt.Compare(a.SubmittedAt), b.UpdatedAt.Compare(a.UpdatedAt), cmp.Compare(b.ID, a.ID))
	})
	total := len(all)
	lo := min(max(f.Offset, 0), total)
	hi := total
	if f.Limit > 0 {
		hi = min(lo+f.Limit, total)
	}
	page := make([]council.Form, 0, hi-lo)
	for _, x := range all[lo:hi] {
		page = append(page, copyForm(x))
	}
	return page, total, nil
}

// CountForms counts the forms by status.
func (r *CouncilRepository) CountForms(ctx context.Context) (map[council.Status]int, error) {
	out := map[council.Status]int{}
	err := r.s.read(ctx, true, func(d *data) error {
		for _, x := range d.councilForms.all() {
			out[x.Status]++
		}
		return nil
	})
	return out, err
}

// GetContact loads a member's 联系人信息.
func (r *CouncilRepository) GetContact(ctx context.Context, memberID string) (council.Contact, bool, error) {
	var c council.Contact
	var ok bool
	err := r.s.read(ctx, true, func(d *data) error {
		c, ok = d.councilContacts.get(memberID)
		return nil
	})
	return c, ok, err
}

// PutContact stores a member's 联系人信息.
func (r *CouncilRepository) PutContact(ctx context.Context, c council.Contact) error {
	c.UpdatedAt = storedTime(c.UpdatedAt)
	return r.s.write(ctx, true, "CouncilRepository.PutContact", func(d *data) error {
		d.councilContacts.put(c.MemberID, c)
		return nil
	})
}
