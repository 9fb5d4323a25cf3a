package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Reports answers the reports (统计报表) by going over every committed member
// and payment on each call — fine for the sizes tests and trials hold; it
// implements ports.Reports with bunstore's results.
type Reports struct {
	dir *MemberDirectory
}

var _ ports.Reports = (*Reports)(nil)

// Reports returns the store's reports, filing members in zone loc (the day of
// joining; nil: UTC).
func (s *Store) Reports(loc *time.Location) *Reports { return &Reports{dir: s.Directory(loc)} }

// MemberCounts counts the members (of statuses, or all) per facet value.
func (r *Reports) MemberCounts(ctx context.Context, statuses []member.Status) (ports.MemberFacets, error) {
	all, err := r.dir.entries(ctx)
	if err != nil {
		return nil, err
	}
	out := ports.MemberFacets{}
	for _, f := range []string{ports.FacetStatus, ports.FacetKind, ports.FacetLevel, ports.FacetProvince,
		ports.FacetIndustry} {
		out[f] = map[string]int{}
	}
	for _, e := range all {
		if len(statuses) > 0 && !slices.Contains(statuses, e.Status) {
			continue
		}
		out[ports.FacetStatus][string(e.Status)]++
		out[ports.FacetKind][string(e.Kind)]++
		out[ports.FacetLevel][string(e.Level)]++
		out[ports.FacetProvince][e.Province]++
		out[ports.FacetIndustry][e.Industry]++
	}
	return out, nil
}

// JoinedPerMonth counts the members per month of joining.
func (r *Reports) JoinedPerMonth(ctx context.Context, from, to time.Time) ([]ports.MonthCount, error) {
	all, err := r.dir.entries(ctx)
	if err != nil {
		return nil, err
	}
	n := map[time.Time]int{}
	for _, e := range all {
		if !e.JoinedOn.IsZero() && !e.JoinedOn.Before(from) && e.JoinedOn.Before(to) {
			n[firstOfMonth(e.JoinedOn)]++
		}
	}
	out := []ports.MonthCount{}
	for m, c := range n {
		out = append(out, ports.MonthCount{Month: m, N: c})
	}
	slices.SortFunc(out, func(a, b ports.MonthCount) int { return a.Month.Compare(b.Month) })
	return out, nil
}

// IncomePerMonth sums the confirmed payments per month and channel.
func (r *Reports) IncomePerMonth(ctx context.Context, from, to time.Time) ([]ports.IncomeRow, error) {
	type cell struct {
		month   time.Time
		channel ports.IncomeChannel
	}
	sums := map[cell]*ports.IncomeRow{}
	err := r.dir.s.read(ctx, false, func(d *data) error {
		for _, p := range d.payments.all() {
			day := payment.Day(p.PaidOn)
			income := p.Status == payment.StatusConfirmed || p.Status == payment.StatusPartial // what arrived
			if !income || day.IsZero() || day.Before(from) || !day.Before(to) {
				continue
			}
			c := cell{firstOfMonth(day), ports.ChannelOf(p.Method, p.Source)}
			s, ok := sums[c]
			if !ok {
				s = &ports.IncomeRow{Month: c.month, Channel: c.channel}
				sums[c] = s
			}
			s.Count++
			s.Fen += p.PaidFen
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ports.IncomeRow, 0, len(sums))
	for _, s := range sums {
		out = append(out, *s)
	}
	ports.SortIncome(out)
	return out, nil
}

// RenewalsDue counts the active and expiring members whose validity ends
// within each bound.
func (r *Reports) RenewalsDue(ctx context.Context, today time.Time, within []int) ([]int, error) {
	all, err := r.dir.entries(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(within))
	for _, e := range all {
		if !e.Status.IsMember() || e.ValidUntil.IsZero() || e.ValidUntil.Before(today) {
			continue
		}
		for i, days := range within {
			if !e.ValidUntil.After(today.AddDate(0, 0, days)) {
				out[i]++
			}
		}
	}
	return out, nil
}

// RenewalOutcome counts the validities that ended in [from, to], renewed or
// not (see ports.RenewalOutcome).
func (r *Reports) RenewalOutcome(ctx context.Context, from, to time.Time) (ports.RenewalOutcome, error) {
	var out ports.RenewalOutcome
	in := func(t, from, to time.Time) bool { return !t.Before(from) && !t.After(to) }
	err := r.dir.s.read(ctx, false, func(d *data) error {
		for _, row := range d.members.all() {
			until, since := payment.Day(row.snap.ValidUntil), payment.Day(row.snap.ValidFrom)
			switch {
			case until.IsZero():
			case in(until, from, to):
				out.NotRenewed++
			case in(until, from.AddDate(1, 0, 0), to.AddDate(1, 0, 0)) && !since.IsZero() &&
				until.Sub(since) > ports.RenewedSpanDays*24*time.Hour:
				out.Renewed++
			}
		}
		return nil
	})
	return out, err
}

// firstOfMonth is the first day of t's month (midnight UTC).
func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
