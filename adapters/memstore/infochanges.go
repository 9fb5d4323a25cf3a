package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/ports"
)

// InfoChangeRepository stores members' 信息变更 requests; it implements
// ports.InfoChangeRepository, every method joining the transaction in ctx.
type InfoChangeRepository struct{ s *Store }

var _ ports.InfoChangeRepository = (*InfoChangeRepository)(nil)

// InfoChanges returns the members' 信息变更 requests.
func (s *Store) InfoChanges() *InfoChangeRepository { return &InfoChangeRepository{s: s} }

// cloneChange copies a request's maps and forms, so that no caller shares a
// stored row.
func cloneChange(r infochange.Request) infochange.Request {
	r.Before, r.After = maps.Clone(r.Before), maps.Clone(r.After)
	if r.Enterprise != nil {
		f := *r.Enterprise
		r.Enterprise = &f
	}
	if r.Individual != nil {
		f := *r.Individual
		r.Individual = &f
	}
	r.CreatedAt, r.DecidedAt = storedTime(r.CreatedAt), storedTime(r.DecidedAt)
	return r
}

// AddInfoChange stores a new request.
func (x *InfoChangeRepository) AddInfoChange(ctx context.Context, r infochange.Request) error {
	r = cloneChange(r)
	return x.s.write(ctx, true, "InfoChangeRepository.AddInfoChange", func(d *data) error {
		if d.infoChanges.has(r.ID) {
			return errConstraint("member_info_changes: duplicate id %q", r.ID)
		}
		if r.Status == infochange.Pending {
			for _, o := range d.infoChanges.all() {
				if o.MemberID == r.MemberID && o.Status == infochange.Pending {
					return infochange.PendingError()
				}
			}
		}
		d.infoChanges.put(r.ID, r)
		return nil
	})
}

// GetInfoChange loads a request by id.
func (x *InfoChangeRepository) GetInfoChange(ctx context.Context, id string) (infochange.Request, error) {
	var r infochange.Request
	err := x.s.read(ctx, true, func(d *data) error {
		var ok bool
		if r, ok = d.infoChanges.get(id); !ok {
			return infochange.NotFoundError()
		}
		return nil
	})
	return cloneChange(r), err
}

// SaveInfoChange stores a decided request.
func (x *InfoChangeRepository) SaveInfoChange(ctx context.Context, r infochange.Request) error {
	r = cloneChange(r)
	return x.s.write(ctx, true, "InfoChangeRepository.SaveInfoChange", func(d *data) error {
		old, ok := d.infoChanges.get(r.ID)
		if !ok || old.MemberID != r.MemberID {
			return infochange.NotFoundError()
		}
		old.Status, old.Reason, old.DecidedAt, old.DecidedBy = r.Status, r.Reason, r.DecidedAt, r.DecidedBy
		d.infoChanges.put(r.ID, old)
		return nil
	})
}

// MemberInfoChanges returns a member's requests, newest first.
func (x *InfoChangeRepository) MemberInfoChanges(ctx context.Context, memberID string,
	limit int) ([]infochange.Request, error) {
	out, err := x.filter(ctx, func(r infochange.Request) bool { return r.MemberID == memberID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b infochange.Request) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// PendingInfoChange returns the member's pending request.
func (x *InfoChangeRepository) PendingInfoChange(ctx context.Context, memberID string) (infochange.Request,
	bool, error) {
	out, err := x.filter(ctx, func(r infochange.Request) bool {
		return r.MemberID == memberID && r.Status == infochange.Pending
	})
	if err != nil || len(out) == 0 {
		return infochange.Request{}, false, err
	}
	return out[0], true, nil
}

// InfoChangeQueue returns one page of the queue with the counts per status.
func (x *InfoChangeRepository) InfoChangeQueue(ctx context.Context, q ports.InfoChangeQuery) (ports.InfoChangePage,
	error) {
	all, err := x.filter(ctx, func(infochange.Request) bool { return true })
	if err != nil {
		return ports.InfoChangePage{}, err
	}
	p := ports.InfoChangePage{Counts: map[infochange.Status]int{}}
	var rows []infochange.Request
	for _, r := range all {
		p.Counts[r.Status]++
		if r.Status == q.Status {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b infochange.Request) int { return infoChangeOrder(q.Status, a, b) })
	p.Total = len(rows)
	lo, hi := min(max(q.Offset, 0), len(rows)), min(max(q.Offset, 0)+max(q.Limit, 0), len(rows))
	p.Rows = rows[lo:hi]
	return p, nil
}

// infoChangeOrder is the queue's order: pending oldest first, decided newest first.
func infoChangeOrder(s infochange.Status, a, b infochange.Request) int {
	if s == infochange.Pending {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	}
	return cmp.Or(b.DecidedAt.Compare(a.DecidedAt), cmp.Compare(b.ID, a.ID))
}

func (x *InfoChangeRepository) filter(ctx context.Context, keep func(infochange.Request) bool) (
	[]infochange.Request, error) {
	var out []infochange.Request
	err := x.s.read(ctx, true, func(d *data) error {
		for _, r := range d.infoChanges.all() {
			if keep(r) {
				out = append(out, cloneChange(r))
			}
		}
		return nil
	})
	return out, err
}
