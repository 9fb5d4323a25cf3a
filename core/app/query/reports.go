package query

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ReportSection is one part of the reports (统计报表).
type ReportSection string

// The sections, in the page's order.
const (
	SectionMembers  ReportSection = "members"  // valid members by kind, level, province, industry; accounts by status
	SectionJoined   ReportSection = "joined"   // new members per month
	SectionIncome   ReportSection = "income"   // confirmed fee income per month and per year, by channel
	SectionRenewals ReportSection = "renewals" // renewals due within 30/60/90 days
	SectionLapse    ReportSection = "lapse"    // the lapse rate (流失率) of the year
)

// ReportSections lists every section in the page's order.
func ReportSections() []ReportSection {
	return []ReportSection{SectionMembers, SectionJoined, SectionIncome, SectionRenewals, SectionLapse}
}

// Report periods: the first year the selector offers, the months of the
// joining chart and how many years the yearly income shows.
const (
	FirstReportYear = 2000
	IncomeYears     = 5
)

// ReportMonths are the lengths the joining chart may have.
func ReportMonths() []int { return []int{12, 24} }

// Reports asks for the reports (统计报表): staff of the secretariat, finance
// and the admin.
type Reports struct {
	Principal access.Principal
	// Year is the period: the months of the income, the years up to it, the
	// lapse rate's validities and the end of the joining chart (0: this year).
	Year int
	// Months is the joining chart's length, 12 or 24 (0: 12).
	Months int
	// Sections are the parts to compute (none: all).
	Sections []ReportSection
}

// ReportsHandler computes the reports from the reports port's aggregates.
type ReportsHandler struct {
	reports ports.Reports
	authz   ports.Authorizer
	clock   ports.Clock
	loc     *time.Location
}

// NewReportsHandler builds the handler; loc is the association's time zone.
func NewReportsHandler(reports ports.Reports, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *ReportsHandler {
	return &ReportsHandler{reports: reports, authz: authz, clock: clock, loc: loc}
}

// Handle checks the period and computes the sections asked for. A year before
// FirstReportYear or after this one, a length other than 12 or 24 months, an
// unknown section: an Invalid error with the field's message.
func (h *ReportsHandler) Handle(ctx context.Context, q Reports) (ReportsView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ReadReports, ""); err != nil {
		return ReportsView{}, err
	}
	today := dayOf(h.clock.Now(), h.loc)
	v := ReportsView{Year: q.Year, Months: q.Months, Today: today, ThisYear: today.Year()}
	var bad apperr.Validation
	if v.Year == 0 {
		v.Year = today.Year()
	}
	if v.Year < FirstReportYear || v.Year > today.Year() {
		bad.Add("year", "year_invalid", fmt.Sprintf("统计年度应为 %d 至 %d 之间的年份", FirstReportYear, today.Year()))
	}
	if v.Months == 0 {
		v.Months = 12
	}
	if !slices.Contains(ReportMonths(), v.Months) {
		bad.Add("months", "months_invalid", "新增会员统计的月数只能为 12 或 24")
	}
	sections := q.Sections
	if len(sections) == 0 {
		sections = ReportSections()
	}
	for _, s := range sections {
		if !slices.Contains(ReportSections(), s) {
			bad.Add("section", "section_invalid", fmt.Sprintf("没有名为“%s”的报表", s))
		}
	}
	if err := bad.Err(); err != nil {
		return ReportsView{}, err
	}
	for _, s := range sections {
		if err := h.section(ctx, s, &v); err != nil {
			return ReportsView{}, apperr.Internal(err)
		}
		v.Sections = append(v.Sections, s)
	}
	return v, nil
}

// section computes one section into v.
func (h *ReportsHandler) section(ctx context.Context, s ReportSection, v *ReportsView) error {
	switch s {
	case SectionMembers:
		return h.members(ctx, v)
	case SectionJoined:
		return h.joined(ctx, v)
	case SectionIncome:
		return h.income(ctx, v)
	case SectionRenewals:
		due, err := h.reports.RenewalsDue(ctx, v.Today, ports.ExpiringPresets())
		if err != nil {
			return err
		}
		for i, days := range ports.ExpiringPresets() {
			v.Renewals = append(v.Renewals, ReportBar{Key: fmt.Sprint(days), Label: fmt.Sprintf("%d天内到期", days),
				N: due[i]})
		}
		return nil
	}
	return h.lapse(ctx, v)
}

// validStatuses are the statuses of valid members (有效会员), whom the
// breakdowns count.
func validStatuses() []member.Status {
	return []member.Status{member.StatusActive, member.StatusExpiring}
}

func (h *ReportsHandler) members(ctx context.Context, v *ReportsView) error {
	valid, err := h.reports.MemberCounts(ctx, validStatuses())
	if err != nil {
		return err
	}
	all, err := h.reports.MemberCounts(ctx, nil)
	if err != nil {
		return err
	}
	v.Members = newMemberBreakdown(valid, all)
	return nil
}

// joined fills the months ending with the period's last month (this month in
// the current year), every month present.
func (h *ReportsHandler) joined(ctx context.Context, v *ReportsView) error {
	end := time.Date(v.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if v.Year == v.Today.Year() {
		end = time.Date(v.Year, v.Today.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	start := end.AddDate(0, -v.Months, 0)
	rows, err := h.reports.JoinedPerMonth(ctx, start, end)
	if err != nil {
		return err
	}
	n := map[time.Time]int{}
	for _, r := range rows {
		n[r.Month] = r.N
	}
	for m := start; m.Before(end); m = m.AddDate(0, 1, 0) {
		v.Joined = append(v.Joined, ReportBar{Key: m.Format("2006-01"), Label: monthLabel(m), N: n[m]})
		v.JoinedTotal += n[m]
	}
	return nil
}

// income reads the IncomeYears years up to the period's in one call: the
// period's months and every year's total come from it.
func (h *ReportsHandler) income(ctx context.Context, v *ReportsView) error {
	first := v.Year - IncomeYears + 1
	rows, err := h.reports.IncomePerMonth(ctx, time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(v.Year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	v.Income = newIncomeView(rows, first, v.Year)
	return nil
}

// lapse counts the validities that ended in the period up to yesterday.
func (h *ReportsHandler) lapse(ctx context.Context, v *ReportsView) error {
	from := time.Date(v.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(v.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if yesterday := v.Today.AddDate(0, 0, -1); yesterday.Before(to) {
		to = yesterday
	}
	v.Lapse = LapseView{From: from, To: to}
	if to.Before(from) {
		return nil
	}
	out, err := h.reports.RenewalOutcome(ctx, from, to)
	if err != nil {
		return err
	}
	v.Lapse = newLapseView(from, to, out)
	return nil
}

// monthLabel is a month as the charts label it: 2026年3月.
func monthLabel(m time.Time) string { return fmt.Sprintf("%d年%d月", m.Year(), m.Month()) }
