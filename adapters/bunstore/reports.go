package bunstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Reports answers the reports (统计报表) from SQL aggregates; it implements
// ports.Reports. Every query reads an index range (migrations 0010 and 0016),
// so that 100 000 members and 300 000 payments are never loaded: the
// breakdowns read member_facet_counts, the months member_search's day of
// joining (grouped per day) and payment_income (the confirmed income per day,
// kept by triggers), folded into months here.
type Reports struct{ db *DB }

var _ ports.Reports = (*Reports)(nil)

// NewReports returns the reports of the database.
func NewReports(db *DB) *Reports { return &Reports{db: db} }

// reportFacets are the facets the breakdowns count.
var reportFacets = []string{ports.FacetKind, ports.FacetLevel, ports.FacetProvince, ports.FacetIndustry}

// MemberCounts sums member_facet_counts: among all members its rows of all
// members; among the members of some statuses the rows counted per status,
// and the status counts of all members for the statuses themselves.
func (r *Reports) MemberCounts(ctx context.Context, statuses []member.Status) (ports.MemberFacets, error) {
	var rows []struct {
		Facet string `bun:"facet"`
		Value string `bun:"value"`
		N     int    `bun:"n"`
	}
	q := r.db.conn(ctx).NewSelect().TableExpr("member_facet_counts").
		ColumnExpr("facet, value, CAST(SUM(n) AS BIGINT) AS n").GroupExpr("facet, value").Having("SUM(n) > 0")
	if len(statuses) == 0 {
		q = q.Where("by_facet = '' AND by_value = '' AND facet IN (?)",
			bun.List(append([]string{ports.FacetStatus}, reportFacets...)))
	} else {
		names := make([]string, len(statuses))
		for i, s := range statuses {
			names[i] = string(s)
		}
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("by_facet = ? AND by_value IN (?) AND facet IN (?)", ports.FacetStatus, bun.List(names),
				bun.List(reportFacets)).
				WhereOr("by_facet = '' AND by_value = '' AND facet = ? AND value IN (?)", ports.FacetStatus,
					bun.List(names))
		})
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("bunstore: report member counts: %w", err)
	}
	out := ports.MemberFacets{}
	for _, f := range append([]string{ports.FacetStatus}, reportFacets...) {
		out[f] = map[string]int{}
	}
	for _, row := range rows {
		out[row.Facet][row.Value] = row.N
	}
	return out, nil
}

// JoinedPerMonth counts member_search rows per day of joining (joined_key, in
// the order of its index), folded into months.
func (r *Reports) JoinedPerMonth(ctx context.Context, from, to time.Time) ([]ports.MonthCount, error) {
	var rows []struct {
		Day string `bun:"day"`
		N   int    `bun:"n"`
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("member_search").
		ColumnExpr("joined_key AS day, count(*) AS n").
		Where("joined_key >= ? AND joined_key < ?", from.Format(time.DateOnly), to.Format(time.DateOnly)).
		GroupExpr("joined_key").OrderExpr("joined_key").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: report joined per month: %w", err)
	}
	out := []ports.MonthCount{}
	for _, row := range rows {
		d, err := time.Parse(time.DateOnly, row.Day)
		if err != nil {
			return nil, fmt.Errorf("bunstore: report joined per month: day %q: %w", row.Day, err)
		}
		m := monthOf(d)
		if n := len(out); n > 0 && out[n-1].Month.Equal(m) {
			out[n-1].N += row.N
			continue
		}
		out = append(out, ports.MonthCount{Month: m, N: row.N})
	}
	return out, nil
}

// IncomePerMonth reads payment_income, the confirmed income per day, method
// and source that triggers keep with the payments (migration 0016), folded
// into months and channels.
func (r *Reports) IncomePerMonth(ctx context.Context, from, to time.Time) ([]ports.IncomeRow, error) {
	var rows []struct {
		Day    dateCol `bun:"day"`
		Method string  `bun:"method"`
		Source string  `bun:"source"`
		N      int     `bun:"n"`
		Fen    int64   `bun:"fen"`
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("payment_income").
		ColumnExpr("paid_on AS day, method, source, n, fen").
		Where("paid_on >= ? AND paid_on < ? AND n > 0", newDateCol(from), newDateCol(to)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: report income per month: %w", err)
	}
	sums := map[incomeCell]*ports.IncomeRow{}
	for _, row := range rows {
		c := incomeCell{monthOf(row.Day.t), ports.ChannelOf(payment.Method(row.Method), row.Source)}
		s, ok := sums[c]
		if !ok {
			s = &ports.IncomeRow{Month: c.month, Channel: c.channel}
			sums[c] = s
		}
		s.Count += row.N
		s.Fen += row.Fen
	}
	return sortedIncome(sums), nil
}

// incomeCell is one month and channel of the income.
type incomeCell struct {
	month   time.Time
	channel ports.IncomeChannel
}

// sortedIncome lists the cells oldest first, then in channel order.
func sortedIncome(sums map[incomeCell]*ports.IncomeRow) []ports.IncomeRow {
	out := make([]ports.IncomeRow, 0, len(sums))
	for _, s := range sums {
		out = append(out, *s)
	}
	ports.SortIncome(out)
	return out
}

// RenewalsDue counts the members in status active or expiring whose validity
// ends within each bound, in one read of member_search_status_valid_until_idx.
func (r *Reports) RenewalsDue(ctx context.Context, today time.Time, within []int) ([]int, error) {
	if len(within) == 0 {
		return []int{}, nil
	}
	q := r.db.conn(ctx).NewSelect().TableExpr("member_search").
		Where("status IN (?) AND valid_until BETWEEN ? AND ?",
			bun.List([]string{string(member.StatusActive), string(member.StatusExpiring)}),
			newDateCol(today), newDateCol(today.AddDate(0, 0, slices.Max(within))))
	dest := make([]any, len(within))
	counts := make([]sql.NullInt64, len(within))
	for i, days := range within {
		q = q.ColumnExpr("CAST(SUM(CASE WHEN valid_until <= ? THEN 1 ELSE 0 END) AS BIGINT)", newDateCol(today.AddDate(0, 0, days)))
		dest[i] = &counts[i]
	}
	if err := q.Scan(ctx, dest...); err != nil {
		return nil, fmt.Errorf("bunstore: report renewals due: %w", err)
	}
	out := make([]int, len(within))
	for i, c := range counts {
		out[i] = int(c.Int64)
	}
	return out, nil
}

// RenewalOutcome counts, from members_validity_idx, the members whose current
// validity ended in the period (not renewed) and those whose validity, a year
// later, spans more than one year (renewed: the previous one ended in it).
func (r *Reports) RenewalOutcome(ctx context.Context, from, to time.Time) (ports.RenewalOutcome, error) {
	span := "julianday(valid_until) - julianday(valid_from)"
	if r.db.postgres {
		span = "valid_until - valid_from"
	}
	var n struct {
		NotRenewed int `bun:"not_renewed"`
		Renewed    int `bun:"renewed"`
	}
	err := r.db.conn(ctx).NewSelect().
		ColumnExpr("(SELECT count(*) FROM members WHERE valid_until IS NOT NULL AND valid_until BETWEEN ? AND ?) "+
			"AS not_renewed", newDateCol(from), newDateCol(to)).
		ColumnExpr("(SELECT count(*) FROM members WHERE valid_until IS NOT NULL AND valid_until BETWEEN ? AND ? "+
			"AND valid_from IS NOT NULL AND "+span+" > ?) AS renewed",
			newDateCol(from.AddDate(1, 0, 0)), newDateCol(to.AddDate(1, 0, 0)), ports.RenewedSpanDays).
		Scan(ctx, &n)
	if err != nil {
		return ports.RenewalOutcome{}, fmt.Errorf("bunstore: report renewal outcome: %w", err)
	}
	return ports.RenewalOutcome{Renewed: n.Renewed, NotRenewed: n.NotRenewed}, nil
}

// monthOf is the first day of t's month (midnight UTC).
func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
