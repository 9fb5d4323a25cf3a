package memstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/memberindex"
	"github.com/openassoc/membership/ports"
)

// bulkKey identifies a recipient: one per (campaign, member).
type bulkKey struct{ campaign, member string }

// bulkRecipient is a stored recipient with its state.
type bulkRecipient struct {
	r     bulknotice.Recipient
	state bulknotice.State
}

// BulkNotices stores the bulk notices (群发通知); it implements
// ports.BulkNotices, every method joining the transaction in ctx.
type BulkNotices struct {
	s   *Store
	loc *time.Location
}

var _ ports.BulkNotices = (*BulkNotices)(nil)

// BulkNotices returns the bulk notices; loc is the association's time zone
// (the registry's filters, as for Directory).
func (s *Store) BulkNotices(loc *time.Location) *BulkNotices {
	if loc == nil {
		loc = time.UTC
	}
	return &BulkNotices{s: s, loc: loc}
}

// Create stores the campaign and a pending recipient per member f selects;
// nothing when none matches.
func (x *BulkNotices) Create(ctx context.Context, c bulknotice.Campaign, f ports.MemberFilter) (int, error) {
	c.CreatedAt, c.StartedAt = storedTime(c.CreatedAt), time.Time{}
	n := 0
	err := x.s.write(ctx, true, "BulkNotices.Create", func(d *data) error {
		if _, ok := d.bulkNotices.get(c.ID); ok {
			return errConstraint("bulk_notices: duplicate id %q", c.ID)
		}
		if c.RequestKey != "" {
			for _, o := range d.bulkNotices.all() {
				if o.RequestKey == c.RequestKey {
					return errConstraint("bulk_notices: duplicate request key %q", c.RequestKey)
				}
			}
		}
		match := memberindex.Compile(f)
		for id, row := range d.members.all() {
			e := memberindex.New(row.snap, d.openClaims.has(id), x.loc)
			if !match.Match(&e) {
				continue
			}
			r := bulknotice.Recipient{CampaignID: c.ID, MemberID: id, Number: e.Number, Name: e.Name, Email: e.Email,
				Individual: e.Kind == member.Individual}
			d.bulkRecipients.put(bulkKey{c.ID, id}, bulkRecipient{r: r, state: bulknotice.Pending})
			n++
		}
		if n > 0 {
			c.Recipients = n
			d.bulkNotices.put(c.ID, c)
		}
		return nil
	})
	return n, err
}

// ByRequestKey finds the campaign a sending form's key made.
func (x *BulkNotices) ByRequestKey(ctx context.Context, key string) (bulknotice.Campaign, bool, error) {
	var out bulknotice.Campaign
	found := false
	err := x.s.read(ctx, true, func(d *data) error {
		for _, c := range d.bulkNotices.all() {
			if key != "" && c.RequestKey == key {
				out, found = c, true
			}
		}
		return nil
	})
	return out, found, err
}

// Get loads one campaign.
func (x *BulkNotices) Get(ctx context.Context, id string) (bulknotice.Campaign, error) {
	var out bulknotice.Campaign
	err := x.s.read(ctx, true, func(d *data) error {
		var ok bool
		if out, ok = d.bulkNotices.get(id); !ok {
			return bulknotice.NotFoundError()
		}
		return nil
	})
	return out, err
}

// campaignOrder is the order of creation.
func campaignOrder(a, b bulknotice.Campaign) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

// List returns a page of campaigns, newest first.
func (x *BulkNotices) List(ctx context.Context, limit, offset int) ([]bulknotice.Campaign, int, error) {
	var all []bulknotice.Campaign
	err := x.s.read(ctx, true, func(d *data) error {
		for _, c := range d.bulkNotices.all() {
			all = append(all, c)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b bulknotice.Campaign) int { return campaignOrder(b, a) })
	from := min(max(offset, 0), len(all))
	return all[from:min(from+max(limit, 1), len(all))], len(all), nil
}

// Progress counts a campaign's recipients by state.
func (x *BulkNotices) Progress(ctx context.Context, id string) (bulknotice.Progress, error) {
	var p bulknotice.Progress
	err := x.s.read(ctx, true, func(d *data) error {
		for k, r := range d.bulkRecipients.all() {
			if k.campaign != id {
				continue
			}
			switch r.state {
			case bulknotice.Pending:
				p.Pending++
			case bulknotice.Sent:
				p.Sent++
			case bulknotice.Failed:
				p.Failed++
			}
		}
		return nil
	})
	return p, err
}

// NextPending returns the oldest campaign with pending recipients.
func (x *BulkNotices) NextPending(ctx context.Context) (bulknotice.Campaign, bool, error) {
	var out bulknotice.Campaign
	found := false
	err := x.s.read(ctx, true, func(d *data) error {
		for k, r := range d.bulkRecipients.all() {
			if r.state != bulknotice.Pending {
				continue
			}
			c, ok := d.bulkNotices.get(k.campaign)
			if ok && (!found || campaignOrder(c, out) < 0) {
				out, found = c, true
			}
		}
		return nil
	})
	return out, found, err
}

// Start sets the campaign's start unless it is set.
func (x *BulkNotices) Start(ctx context.Context, id string, at time.Time) error {
	return x.s.write(ctx, true, "BulkNotices.Start", func(d *data) error {
		c, ok := d.bulkNotices.get(id)
		if !ok || !c.StartedAt.IsZero() {
			return nil
		}
		c.StartedAt = storedTime(at)
		d.bulkNotices.put(id, c)
		return nil
	})
}

// Pending returns up to limit pending recipients, in member order.
func (x *BulkNotices) Pending(ctx context.Context, campaignID string, limit int) ([]bulknotice.Recipient, error) {
	var out []bulknotice.Recipient
	err := x.s.read(ctx, true, func(d *data) error {
		for k, r := range d.bulkRecipients.all() {
			if k.campaign == campaignID && r.state == bulknotice.Pending {
				out = append(out, r.r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b bulknotice.Recipient) int { return cmp.Compare(a.MemberID, b.MemberID) })
	return out[:min(len(out), max(limit, 1))], nil
}

// Mark sets the state of pending recipients.
func (x *BulkNotices) Mark(ctx context.Context, campaignID string, memberIDs []string, state bulknotice.State,
	_ time.Time) (int, error) {
	n := 0
	err := x.s.write(ctx, true, "BulkNotices.Mark", func(d *data) error {
		for _, id := range memberIDs {
			k := bulkKey{campaignID, id}
			if r, ok := d.bulkRecipients.get(k); ok && r.state == bulknotice.Pending {
				r.state = state
				d.bulkRecipients.put(k, r)
				n++
			}
		}
		return nil
	})
	return n, err
}
